/**
 * Fails when the entities and the migrations disagree: runs every migration on the configured
 * database, then asks TypeORM what it would still change. Run on a fresh database.
 */
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source-options';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL must name a fresh database');
  const dataSource = await new DataSource(buildDataSourceOptions(url, 2)).initialize();
  try {
    await dataSource.runMigrations();
    const pending = await dataSource.driver.createSchemaBuilder().log();
    if (pending.upQueries.length > 0) {
      process.stderr.write('Entities and migrations disagree; a new migration would run:\n');
      for (const query of pending.upQueries) process.stderr.write(`  ${query.query}\n`);
      process.stderr.write('Run `npm run migration:generate -- <Name>` and commit it.\n');
      process.exitCode = 1;
    } else {
      process.stdout.write('Migrations match the entities\n');
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
