import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { sha256Hex } from '../common/crypto/secrets';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import './auth.messages';
import { SmsSender } from './sms-sender';
import { VerifyCodeRepository } from './verify-code.repository';
import { loggableError } from '../common/logging/logging';

export const VERIFY_CODE_PURPOSES = ['register', 'login', 'change_mobile'] as const;
export type VerifyCodePurpose = (typeof VERIFY_CODE_PURPOSES)[number];

/** Wrong tries after which a code stops working. */
export const MAX_VERIFY_ATTEMPTS = 5;

export type VerifyOutcome = 'ok' | 'invalid' | 'locked';

function hashCode(salt: string, code: string): string {
  return sha256Hex(`${salt}:${code}`);
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** SMS verify codes: 6 digits, 5 minutes, single use, hashed, locked after 5 wrong tries. */
@Injectable()
export class VerifyCodeService {
  private readonly logger = new Logger(VerifyCodeService.name);

  constructor(
    private readonly codes: VerifyCodeRepository,
    private readonly sms: SmsSender,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Sends a fresh code to an E.164 number, within 20 an hour and 50 a day per number. */
  async send(phone: string, purpose: VerifyCodePurpose): Promise<{ expiresAt: Date }> {
    const { perHour, perDay, ttlSeconds } = this.config.verifyCodes;
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const salt = randomBytes(16).toString('hex');
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    await this.codes.transaction(async (manager) => {
      await this.codes.lockNumber(manager, phone);
      await this.codes.pruneOld(manager, phone);
      const counts = await this.codes.sendCounts(manager, phone);
      let retryAt: Date | null = null;
      if (counts.lastHour >= perHour && counts.oldestInHour) {
        retryAt = new Date(counts.oldestInHour.getTime() + 3600_000);
      }
      if (counts.lastDay >= perDay && counts.oldestInDay) {
        const dayRetry = new Date(counts.oldestInDay.getTime() + 86_400_000);
        retryAt = retryAt && retryAt > dayRetry ? retryAt : dayRetry;
      }
      if (retryAt) {
        const error = new DomainError(429, 'verify_code_limit', { mobile: phone });
        error.headers['Retry-After'] = String(
          Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 1000)),
        );
        throw error;
      }
      await this.codes.insert(manager, {
        phone,
        purpose,
        salt,
        codeHash: hashCode(salt, code),
        expiresAt,
      });
    });
    try {
      await this.sms.send({ phone, code, purpose });
    } catch (error) {
      this.logger.error({ err: loggableError(error), purpose }, 'Sending a verify code failed');
      throw new DomainError(503, 'sms_unavailable');
    }
    return { expiresAt };
  }

  /**
   * Checks and consumes the newest code sent to `phone` for `purpose`. A wrong guess counts
   * against the code (locked at 5); a right one works once.
   */
  async verify(
    phone: string,
    purpose: VerifyCodePurpose,
    code: string,
    manager?: EntityManager,
  ): Promise<VerifyOutcome> {
    const latest = await this.codes.latest(phone, purpose, manager);
    if (!latest || latest.consumedAt !== null || latest.expiresAt.getTime() <= Date.now()) {
      return 'invalid';
    }
    if (latest.failedAttempts >= MAX_VERIFY_ATTEMPTS) return 'locked';
    if (!sameHash(hashCode(latest.salt, code), latest.codeHash)) {
      await this.codes.recordFailure(latest.id, manager);
      return latest.failedAttempts + 1 >= MAX_VERIFY_ATTEMPTS ? 'locked' : 'invalid';
    }
    return (await this.codes.consume(latest.id, MAX_VERIFY_ATTEMPTS, manager)) ? 'ok' : 'invalid';
  }

  /** `verify`, throwing a 400 that names the field when the code does not pass. */
  async require(
    phone: string,
    purpose: VerifyCodePurpose,
    code: string,
    field: string,
  ): Promise<void> {
    const outcome = await this.verify(phone, purpose, code);
    if (outcome !== 'ok') throw verifyCodeFailure(outcome, field);
  }
}

/** The 400 naming `field` for a code that did not pass. */
export function verifyCodeFailure(
  outcome: Exclude<VerifyOutcome, 'ok'>,
  field: string,
): DomainError {
  const errorCode = outcome === 'locked' ? 'verify_code_locked' : 'invalid_verify_code';
  return new DomainError(400, errorCode, {}, [
    { field, code: outcome === 'locked' ? 'verifyCodeLocked' : 'invalidVerifyCode' },
  ]);
}
