import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConflictError, DomainError, ValidationFailedError } from '../errors/domain-error';
import { loggableError } from '../logging/logging';
import { IdempotencyCommitSubscriber, runWithIdempotencyKey } from './idempotency-context';
import './idempotency.messages';
import { IdempotencyRepository } from './idempotency.repository';

/** How long a key keeps its first answer. */
export const IDEMPOTENCY_RETENTION_SECONDS = 24 * 3600;
/**
 * How long a first request may run before a retry may take its key over (only when it committed
 * nothing): longer than any request Party serves, uploads included.
 */
export const IDEMPOTENCY_LEASE_SECONDS = 120;
const PURGE_EVERY_MS = 3600_000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export interface IdempotentCall {
  principal: string;
  key: string;
  route: string;
  /** What makes two requests "the same": path parameters, query and body. */
  fingerprint: unknown;
}

export type IdempotentOutcome =
  { replayed: false; body: unknown } | { replayed: true; status: number; body: unknown };

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** The answer's JSON under AES-256-GCM with a key only the caller's Idempotency-Key yields. */
function seal(key: string, body: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sha256(`party-idempotency-seal:${key}`), iv);
  const json = body === undefined ? '' : JSON.stringify(body);
  const sealed = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
}

function unseal(key: string, stored: string): unknown {
  const bytes = Buffer.from(stored, 'base64');
  const decipher = createDecipheriv(
    'aes-256-gcm',
    sha256(`party-idempotency-seal:${key}`),
    bytes.subarray(0, 12),
  );
  decipher.setAuthTag(bytes.subarray(12, 28));
  const json = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString(
    'utf8',
  );
  return json === '' ? undefined : JSON.parse(json);
}

/** JSON with sorted keys, so that two equal bodies hash alike whatever their field order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Stripe's `Idempotency-Key` rule for creating POSTs: the same key with the same request gets the
 * first answer again (status and body), with another request 422 `idempotency_key_reused`, while
 * the first still runs 409 `idempotency_key_in_use`. Keys are per caller and kept 24 hours.
 */
@Injectable()
export class IdempotencyService
  implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(IdempotencyService.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly keys: IdempotencyRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.dataSource.subscribers.push(new IdempotencyCommitSubscriber(this.keys));
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.purgeSafely(), PURGE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** A header value that can be a key, else a 400 naming the header. */
  parseKey(header: string | string[] | undefined): string | null {
    if (header === undefined) return null;
    if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
      throw ValidationFailedError.field('Idempotency-Key', 'idempotencyKey');
    }
    return header;
  }

  /**
   * Runs `handle` once per key. Its answer is stored after it returns; every transaction it
   * commits marks the key in that same transaction, so a request that failed after its commit is
   * never run again (see docs/decisions.md, "Idempotency-Key").
   */
  async run(
    call: IdempotentCall,
    status: () => number,
    handle: () => Promise<unknown>,
  ): Promise<IdempotentOutcome> {
    const requestHash = createHash('sha256')
      .update(`${call.route}\n${canonical(call.fingerprint)}`)
      .digest('hex');
    const keyHash = sha256(`party-idempotency-key:${call.key}`).toString('hex');
    const keyId = await this.keys.claim({
      principal: call.principal,
      keyHash,
      route: call.route,
      requestHash,
      leaseSeconds: IDEMPOTENCY_LEASE_SECONDS,
      retentionSeconds: IDEMPOTENCY_RETENTION_SECONDS,
    });
    if (!keyId) return this.replay(call, keyHash, requestHash);
    let body: unknown;
    try {
      body = await runWithIdempotencyKey(keyId, handle);
    } catch (error) {
      await this.keys.endFailed(keyId).catch((endError: unknown) => {
        this.logger.warn({ err: loggableError(endError) }, 'Ending an idempotency key failed');
      });
      throw error;
    }
    // What was done is done: the answer goes out even when it cannot be kept (a retry then
    // learns that the request was carried out).
    await this.keys.complete(keyId, status(), seal(call.key, body)).catch((error: unknown) => {
      this.logger.warn({ err: loggableError(error) }, 'Storing an idempotent answer failed');
    });
    return { replayed: false, body };
  }

  private async replay(
    call: IdempotentCall,
    keyHash: string,
    requestHash: string,
  ): Promise<IdempotentOutcome> {
    const existing = await this.keys.find(call.principal, keyHash);
    // Gone between the claim and this read (retention): the caller may simply retry.
    if (!existing) throw new ConflictError('idempotency_key_in_use');
    if (existing.route !== call.route || existing.requestHash !== requestHash) {
      throw new DomainError(422, 'idempotency_key_reused');
    }
    if (existing.status === 'done' && existing.responseStatus !== null) {
      const body = existing.response === null ? undefined : unseal(call.key, existing.response);
      return { replayed: true, status: existing.responseStatus, body };
    }
    throw new ConflictError(
      existing.committed && existing.leaseOver
        ? 'idempotency_request_committed'
        : 'idempotency_key_in_use',
    );
  }

  private async purgeSafely(): Promise<void> {
    try {
      await this.keys.deleteOlderThan(IDEMPOTENCY_RETENTION_SECONDS);
    } catch (error) {
      this.logger.warn({ err: loggableError(error) }, 'Purging idempotency keys failed');
    }
  }
}
