import { Readable } from 'node:stream';

/** What `Storage.put` kept: an opaque key, the byte count, the SHA-256 (hex) and the detected type. */
export interface StoredObject {
  key: string;
  size: number;
  sha256: string;
  /** Detected from the content, never from the client's name or header. */
  mime: string;
}

export interface PutOptions {
  /** Largest accepted size in bytes; one byte more is a 413 `payload_too_large`, nothing kept. */
  maxBytes: number;
}

/** An inclusive byte range, as in HTTP `Range: bytes=start-end`. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where uploaded bytes live (shared files, message attachments). Inject `Storage`; the default
 * implementation is `LocalDiskStorage` under `DATA_DIR/files`.
 */
export abstract class Storage {
  /**
   * Streams `source` into storage without buffering it whole, hashing and sniffing the type on
   * the way. Past `maxBytes` it drains the rest of the source, removes what was written and
   * throws `DomainError(413, 'payload_too_large')`.
   */
  abstract put(source: Readable, options: PutOptions): Promise<StoredObject>;

  /** The bytes of `key` (or the inclusive `range` of them). A missing key is a 404 `file`. */
  abstract open(key: string, range?: ByteRange): Promise<Readable>;

  /** The size of `key`. A missing key is a 404 `file`. */
  abstract stat(key: string): Promise<{ size: number }>;

  /** Removes `key`; removing a missing key does nothing. */
  abstract remove(key: string): Promise<void>;
}
