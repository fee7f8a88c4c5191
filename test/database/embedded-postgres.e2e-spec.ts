import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { readEmbeddedEndpoint, startEmbeddedPostgres } from '../../src/database/embedded-postgres';

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * The embedded default's own suite does not use DATABASE_URL: a run on a server would only
 * repeat it (CI runs it in its embedded step, `npm test` on a machine without a server too).
 */
const describeWithoutServer = process.env.DATABASE_URL ? describe.skip : describe;

describeWithoutServer('embedded PostgreSQL (PGlite over the wire protocol)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'party-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  // Two cold starts of PGlite on disk (about 9 s of CPU on a quiet machine; far more when the
  // machine is busy, which is no fault of the code).
  it('keeps data under DATA_DIR across a restart and publishes its address while running', async () => {
    const first = await startEmbeddedPostgres(dataDir);
    expect(readEmbeddedEndpoint(dataDir)).toBe(first.url);
    await query(first.url, 'CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL)');
    await query(first.url, 'INSERT INTO notes (body) VALUES ($1)', ['你好, Party']);
    await expect(startEmbeddedPostgres(dataDir)).rejects.toThrow(
      /already uses the embedded database/,
    );
    await first.stop();
    expect(existsSync(join(dataDir, 'embedded-db.json'))).toBe(false);
    expect(readEmbeddedEndpoint(dataDir)).toBeNull();

    const second = await startEmbeddedPostgres(dataDir);
    const rows = await query<{ body: string }>(second.url, 'SELECT body FROM notes');
    expect(rows).toEqual([{ body: '你好, Party' }]);
    const record = JSON.parse(readFileSync(join(dataDir, 'embedded-db.json'), 'utf8')) as {
      pid: number;
    };
    expect(record.pid).toBe(process.pid);
    await second.stop();
  }, 180_000);
});
