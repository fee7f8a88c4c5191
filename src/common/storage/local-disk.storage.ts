import { randomBytes, createHash, Hash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TextDecoder } from 'node:util';
import { Inject, Injectable } from '@nestjs/common';
import { fromBuffer } from 'file-type';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { DomainError, NotFoundError } from '../errors/domain-error';
import { ByteRange, PutOptions, Storage, StoredObject } from './storage';

/** Bytes file-type needs to recognise every format it knows. */
const SNIFF_BYTES = 4100;
const KEY_PATTERN = /^[0-9a-f]{32}$/;
/** What file-type's reader throws when the bytes end inside a header it recognized. */
const END_OF_STREAM = 'End-Of-Stream';
export const OCTET_STREAM = 'application/octet-stream';
export const TEXT_PLAIN = 'text/plain';

/**
 * Counts, hashes and samples the bytes flowing to disk. Past `maxBytes` it stops passing bytes on
 * but keeps reading, so the source is drained and the client gets its 413 instead of a reset.
 */
class Inspector extends Transform {
  size = 0;
  exceeded = false;
  readonly hash: Hash = createHash('sha256');
  private head: Buffer[] = [];
  private headBytes = 0;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });
  private text = true;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.exceeded) return done();
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      this.exceeded = true;
      this.head = [];
      return done();
    }
    this.hash.update(chunk);
    if (this.headBytes < SNIFF_BYTES) {
      this.head.push(chunk.subarray(0, SNIFF_BYTES - this.headBytes));
      this.headBytes += Math.min(chunk.length, SNIFF_BYTES - this.headBytes);
    }
    if (this.text) this.checkText(chunk, true);
    done(null, chunk);
  }

  private checkText(chunk: Buffer, more: boolean): void {
    try {
      if (chunk.includes(0)) this.text = false;
      else this.utf8.decode(chunk, { stream: more });
    } catch {
      this.text = false;
    }
  }

  async detectMime(): Promise<string> {
    const detected = await sniffType(Buffer.concat(this.head));
    if (detected) return detected.mime;
    if (this.text) this.checkText(Buffer.alloc(0), false);
    return this.text && this.size > 0 ? TEXT_PLAIN : OCTET_STREAM;
  }
}

/** file-type's guess; a file cut short inside a known header (a 10-byte PNG) is none. */
async function sniffType(head: Buffer): Promise<{ mime: string } | undefined> {
  try {
    return await fromBuffer(head);
  } catch (error) {
    if (error instanceof Error && error.message === END_OF_STREAM) return undefined;
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

/**
 * Keeps objects as files under `DATA_DIR/files/<first two hex digits>/<key>`. Uploads are written
 * to `DATA_DIR/files/tmp/` and renamed into place once complete, so a partial file never has a key.
 */
@Injectable()
export class LocalDiskStorage extends Storage {
  private readonly root: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super();
    this.root = config.filesDir;
  }

  async put(source: Readable, { maxBytes }: PutOptions): Promise<StoredObject> {
    const key = randomBytes(16).toString('hex');
    const tmpDir = join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmpPath = join(tmpDir, `${key}.part`);
    const inspector = new Inspector(maxBytes);
    try {
      await pipeline(source, inspector, createWriteStream(tmpPath, { flags: 'wx' }));
      // @fastify/multipart stops a file at its own limit and marks the stream truncated.
      if (inspector.exceeded || (source as { truncated?: boolean }).truncated) {
        throw new DomainError(413, 'payload_too_large');
      }
      const mime = await inspector.detectMime();
      const finalPath = this.pathOf(key);
      await mkdir(join(finalPath, '..'), { recursive: true });
      await rename(tmpPath, finalPath);
      return { key, size: inspector.size, sha256: inspector.hash.digest('hex'), mime };
    } catch (error) {
      await rm(tmpPath, { force: true });
      throw error;
    }
  }

  async open(key: string, range?: ByteRange): Promise<Readable> {
    try {
      const handle = await open(this.pathOf(key), 'r');
      return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
    } catch (error) {
      if (isMissing(error)) throw new NotFoundError('file');
      throw error;
    }
  }

  async stat(key: string): Promise<{ size: number }> {
    try {
      const info = await stat(this.pathOf(key));
      return { size: info.size };
    } catch (error) {
      if (isMissing(error)) throw new NotFoundError('file');
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    if (!KEY_PATTERN.test(key)) return;
    await rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new NotFoundError('file');
    return join(this.root, key.slice(0, 2), key);
  }
}
