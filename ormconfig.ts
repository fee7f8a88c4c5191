import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/app-config';
import { buildDataSourceOptions } from './src/database/data-source-options';
import { readEmbeddedEndpoint } from './src/database/embedded-postgres';

/** The TypeORM CLI's DataSource: the configured PostgreSQL, or the embedded one a running server publishes. */
function resolveCliDatabaseUrl(): string {
  const config = loadConfig();
  const url = config.databaseUrl ?? readEmbeddedEndpoint(config.dataDir);
  if (!url) {
    throw new Error(
      'No database: set DATABASE_URL, or start the server (npm start) so its embedded database is reachable',
    );
  }
  return url;
}

export default new DataSource(buildDataSourceOptions(resolveCliDatabaseUrl(), 2));
