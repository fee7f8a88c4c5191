import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { createApp } from './app.factory';
import { EmbeddedPostgres, startEmbeddedPostgres } from './database/embedded-postgres';

function readConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function bootstrap(): Promise<void> {
  const config = readConfigOrExit();
  const embedded: EmbeddedPostgres | null = config.databaseUrl
    ? null
    : await startEmbeddedPostgres(config.dataDir);
  const app = await createApp(config, {
    databaseUrl: embedded?.url ?? (config.databaseUrl as string),
    poolSize: embedded ? 1 : config.databasePoolSize,
  });
  // The embedded database closes only after the app has released its connections, so PGlite
  // flushes everything to DATA_DIR before the process ends.
  const shutdown = async (signal: NodeJS.Signals) => {
    process.stdout.write(`Party stopping (${signal})\n`);
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, (received) => void shutdown(received));
  }
  await app.listen({ port: config.port, host: config.host });
  process.stdout.write(
    `Party listening on ${await app.getUrl()} (database: ${embedded ? `embedded, ${config.dataDir}` : 'DATABASE_URL'}; docs at /docs)\n`,
  );
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(
    `Party failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
