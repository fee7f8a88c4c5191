import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { loadConfig } from '../../src/config/app-config';
import { DomainError } from '../../src/common/errors/domain-error';
import { LocalDiskStorage } from '../../src/common/storage/local-disk.storage';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Every regular file below `dir`, relative paths. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** A stream of `total` bytes in chunks of `chunk`, never held whole. */
function chunked(total: number, chunk = 64 * 1024, fill = 0x61): Readable {
  let left = total;
  return new Readable({
    read() {
      if (left <= 0) return this.push(null);
      const size = Math.min(chunk, left);
      left -= size;
      this.push(Buffer.alloc(size, fill));
    },
  });
}

// A 1x1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

describe('LocalDiskStorage', () => {
  let dataDir: string;
  let storage: LocalDiskStorage;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'party-storage-'));
    storage = new LocalDiskStorage(loadConfig({ DATA_DIR: dataDir }));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stores bytes, hashes them, reports the size and reads them back', async () => {
    const bytes = Buffer.from('你好, Party!\n');
    const stored = await storage.put(Readable.from([bytes]), { maxBytes: 1024 });
    expect(stored.key).toMatch(/^[0-9a-f]{32}$/);
    expect(stored.size).toBe(bytes.length);
    expect(stored.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(stored.mime).toBe('text/plain');
    expect(await readAll(await storage.open(stored.key))).toEqual(bytes);
    expect(await storage.stat(stored.key)).toEqual({ size: bytes.length });
  });

  it('detects the type from the content', async () => {
    expect((await storage.put(Readable.from([PNG]), { maxBytes: 1024 })).mime).toBe('image/png');
    const binary = Buffer.from([0xff, 0x00, 0xfe, 0x01, 0x80]);
    expect((await storage.put(Readable.from([binary]), { maxBytes: 1024 })).mime).toBe(
      'application/octet-stream',
    );
    expect((await storage.put(Readable.from([]), { maxBytes: 1024 })).mime).toBe(
      'application/octet-stream',
    );
    // A multi-byte character split across chunks is still text.
    const split = Buffer.from('中文');
    const text = await storage.put(Readable.from([split.subarray(0, 2), split.subarray(2)]), {
      maxBytes: 1024,
    });
    expect(text.mime).toBe('text/plain');
  });

  it('accepts exactly maxBytes and refuses one more, keeping nothing', async () => {
    const max = 1024 * 1024;
    const ok = await storage.put(chunked(max), { maxBytes: max });
    expect(ok.size).toBe(max);
    const before = filesUnder(dataDir);
    const refused = storage.put(chunked(max + 1), { maxBytes: max });
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(storage.put(chunked(max + 1), { maxBytes: max })).rejects.toMatchObject({
      status: 413,
      code: 'payload_too_large',
    });
    expect(filesUnder(dataDir)).toEqual(before);
  });

  it('refuses a stream marked truncated by the multipart parser', async () => {
    const source = chunked(10);
    (source as Readable & { truncated?: boolean }).truncated = true;
    await expect(storage.put(source, { maxBytes: 100 })).rejects.toMatchObject({ status: 413 });
    expect(filesUnder(dataDir)).toEqual([]);
  });

  it('removes what it wrote when the source fails', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(10));
        this.destroy(new Error('connection lost'));
      },
    });
    await expect(storage.put(failing, { maxBytes: 100 })).rejects.toThrow('connection lost');
    expect(filesUnder(dataDir)).toEqual([]);
  });

  it('reads inclusive ranges', async () => {
    const stored = await storage.put(Readable.from([Buffer.from('0123456789')]), {
      maxBytes: 100,
    });
    expect((await readAll(await storage.open(stored.key, { start: 2, end: 5 }))).toString()).toBe(
      '2345',
    );
    expect((await readAll(await storage.open(stored.key, { start: 9, end: 9 }))).toString()).toBe(
      '9',
    );
  });

  it('removes idempotently and answers 404 for missing or malformed keys', async () => {
    const stored = await storage.put(Readable.from([Buffer.from('x')]), { maxBytes: 100 });
    await storage.remove(stored.key);
    await storage.remove(stored.key);
    expect(filesUnder(dataDir)).toEqual([]);
    await expect(storage.open(stored.key)).rejects.toMatchObject({ status: 404 });
    await expect(storage.stat(stored.key)).rejects.toMatchObject({ status: 404 });
    await expect(storage.open('../../etc/passwd')).rejects.toMatchObject({ status: 404 });
    await storage.remove('../whatever');
  });
});
