import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from 'typeorm-naming-strategies';

const srcRoot = join(__dirname, '..');

/** The one description of Party's database: used by the app, the tests and the migration CLI. */
export function buildDataSourceOptions(url: string, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [join(srcRoot, '**/entities/*.entity.{ts,js}')],
    migrations: [join(srcRoot, 'database/migrations/*.{ts,js}')],
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    // A database that accepts connections but never answers is an outage (503) after 5 s, not a
    // request that hangs.
    // The single connection of the embedded database stays open: it shares one session with
    // every other connection, where the prepared statements of closed ones would pile up.
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: poolSize === 1 ? 0 : 10_000,
    },
  };
}
