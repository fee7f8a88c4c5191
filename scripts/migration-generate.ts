/**
 * `npm run migration:generate -- <Name>`: migrates a scratch database (on DATABASE_URL's server,
 * or an in-memory embedded PostgreSQL) and writes what the entities still need as a new
 * migration in src/database/migrations/.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function render(className: string, up: string[], down: string[]): string {
  const lines = (queries: string[]) =>
    queries.map((q) => `    await queryRunner.query(${JSON.stringify(q)});`).join('\n');
  return `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`;
}

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    throw new Error('Usage: npm run migration:generate -- <PascalCaseName>');
  }
  const serverUrl = process.env.DATABASE_URL;
  const scratch = `party_migration_${randomBytes(4).toString('hex')}`;
  const embedded = serverUrl ? null : await startEmbeddedPostgres(null);
  let url = embedded?.url ?? '';
  if (serverUrl) {
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${scratch}`);
    await admin.end();
    url = withDatabase(serverUrl, scratch);
  }
  const dataSource = await new DataSource(buildDataSourceOptions(url, 1)).initialize();
  try {
    await dataSource.runMigrations();
    const sql = await dataSource.driver.createSchemaBuilder().log();
    if (sql.upQueries.length === 0) {
      process.stdout.write('No changes: the migrations already match the entities\n');
      return;
    }
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const file = join(__dirname, '..', 'src/database/migrations', `${timestamp}-${name}.ts`);
    writeFileSync(
      file,
      render(
        className,
        sql.upQueries.map((q) => q.query),
        sql.downQueries.map((q) => q.query).reverse(),
      ),
    );
    process.stdout.write(`wrote ${file}\n`);
  } finally {
    await dataSource.destroy();
    await embedded?.stop();
    if (serverUrl) {
      const admin = new Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
      await admin.end();
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
