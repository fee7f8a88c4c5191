import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  readonly url: string;
  stop(): Promise<void>;
}

interface EmbeddedEndpointRecord {
  url: string;
  pid: number;
}

const ENDPOINT_FILE = 'embedded-db.json';
/** Connections the socket server accepts: the app's own plus the operator CLI and migration tools. */
const MAX_SOCKET_CONNECTIONS = 4;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The address a running Party server published for its embedded database, if one is running. */
export function readEmbeddedEndpoint(dataDir: string): string | null {
  const file = join(dataDir, ENDPOINT_FILE);
  if (!existsSync(file)) return null;
  const record = JSON.parse(readFileSync(file, 'utf8')) as EmbeddedEndpointRecord;
  return isAlive(record.pid) ? record.url : null;
}

/**
 * Starts PGlite (a real PostgreSQL compiled to WebAssembly) behind a PostgreSQL wire-protocol
 * socket, so the app reaches it through the same `pg` driver and SQL as production.
 * `dataDir` null keeps the database in memory (tests); otherwise it persists under DATA_DIR/pgdata.
 */
export async function startEmbeddedPostgres(dataDir: string | null): Promise<EmbeddedPostgres> {
  if (dataDir !== null) {
    const running = readEmbeddedEndpoint(dataDir);
    if (running) {
      throw new Error(
        `Another Party server already uses the embedded database in ${dataDir} (${running}); stop it or set DATA_DIR`,
      );
    }
    mkdirSync(dataDir, { recursive: true });
  }
  const db = await PGlite.create(dataDir === null ? undefined : join(dataDir, 'pgdata'));
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: 0,
    maxConnections: MAX_SOCKET_CONNECTIONS,
  });
  await server.start();
  const url = `postgresql://postgres@${server.getServerConn()}/postgres`;
  const endpointFile = dataDir === null ? null : join(dataDir, ENDPOINT_FILE);
  if (endpointFile) {
    const record: EmbeddedEndpointRecord = { url, pid: process.pid };
    writeFileSync(endpointFile, JSON.stringify(record));
  }
  return {
    url,
    async stop() {
      await server.stop();
      await db.close();
      if (endpointFile) rmSync(endpointFile, { force: true });
    },
  };
}
