import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';
import { readEmbeddedEndpoint, startEmbeddedPostgres } from './embedded-postgres';

export interface OperatorDatabase {
  url: string;
  /** Stops the embedded database if it was started here. */
  close(): Promise<void>;
}

/**
 * The database an operator command works on: DATABASE_URL when set; otherwise the embedded
 * PostgreSQL of DATA_DIR, reached through the socket a running Party server recorded there, or
 * started here when none runs. With `existing`, a DATA_DIR that holds no database yet is an
 * error instead of getting a new, empty one.
 */
export async function openOperatorDatabase(
  config: Pick<AppConfig, 'databaseUrl' | 'dataDir'>,
  options: { existing?: boolean } = {},
): Promise<OperatorDatabase> {
  const url = config.databaseUrl ?? readEmbeddedEndpoint(config.dataDir);
  if (url) return { url, close: () => Promise.resolve() };
  if (options.existing && !existsSync(join(config.dataDir, 'pgdata'))) {
    throw new Error(`DATABASE_URL is not set and ${config.dataDir} holds no embedded database`);
  }
  const embedded = await startEmbeddedPostgres(config.dataDir);
  return { url: embedded.url, close: () => embedded.stop() };
}
