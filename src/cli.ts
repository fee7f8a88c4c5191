/**
 * Operator commands: `npm run cli -- <command> [options]`.
 *
 *   apps:create --name <name> --scopes party_admin,party_notify [--redirect-uris <uri,...>]
 *     Creates a system app and prints `{"client_id", "client_secret"}` as JSON (the secret is
 *     shown only here). System apps may hold every scope, party_admin and party_notify included.
 *
 * The database is DATABASE_URL when set; otherwise the embedded PostgreSQL of DATA_DIR, reached
 * through the socket a running Party server recorded there, or started here when none runs.
 */
import { DataSource } from 'typeorm';
import { insertApp } from './auth/app.repository';
import { Scope, SCOPES } from './common/http/request-principal';
import { isRedirectUri } from './auth/dto/app.dto';
import { ConfigError, loadConfig } from './config/app-config';
import { buildDataSourceOptions } from './database/data-source-options';
import { openOperatorDatabase } from './database/operator-database';

export class UsageError extends Error {}

const USAGE = `Usage: npm run cli -- apps:create --name <name> --scopes <scope,...> [--redirect-uris <uri,...>]
Scopes: ${SCOPES.join(', ')}`;

function parseOptions(args: string[]): Map<string, string> {
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (!arg.startsWith('--')) throw new UsageError(`Unexpected argument ${arg}`);
    const eq = arg.indexOf('=');
    if (eq > 0) {
      options.set(arg.slice(2, eq), arg.slice(eq + 1));
    } else {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--'))
        throw new UsageError(`${arg} needs a value`);
      options.set(arg.slice(2), value);
      i += 1;
    }
  }
  return options;
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter(Boolean);
}

interface AppsCreateInput {
  name: string;
  scopes: Scope[];
  redirectUris: string[];
}

export function parseAppsCreate(args: string[]): AppsCreateInput {
  const options = parseOptions(args);
  for (const key of options.keys()) {
    if (!['name', 'scopes', 'redirect-uris'].includes(key))
      throw new UsageError(`Unknown option --${key}`);
  }
  const name = (options.get('name') ?? '').trim();
  if (name.length < 1 || [...name].length > 100)
    throw new UsageError('--name must be 1 to 100 characters');
  const scopes = [...new Set(list(options.get('scopes')))];
  if (scopes.length === 0) throw new UsageError('--scopes needs at least one scope');
  const unknown = scopes.filter((scope) => !(SCOPES as readonly string[]).includes(scope));
  if (unknown.length > 0) throw new UsageError(`Unknown scope ${unknown.join(', ')}`);
  const redirectUris = [...new Set(list(options.get('redirect-uris')))];
  const bad = redirectUris.filter((uri) => !isRedirectUri(uri));
  if (bad.length > 0) throw new UsageError(`Not a valid redirect URI: ${bad.join(', ')}`);
  return { name, scopes: scopes as Scope[], redirectUris };
}

async function withDatabase<T>(work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const database = await openOperatorDatabase(loadConfig());
  const dataSource = new DataSource(buildDataSourceOptions(database.url, 1));
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    return await work(dataSource);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  if (command === 'apps:create') {
    const input = parseAppsCreate(args);
    const created = await withDatabase((dataSource) =>
      insertApp(dataSource.manager, {
        name: input.name,
        ownerId: null,
        redirectUris: input.redirectUris,
        scopes: input.scopes,
        isSystem: true,
      }),
    );
    process.stdout.write(
      `${JSON.stringify({ client_id: created.app.clientId, client_secret: created.clientSecret })}\n`,
    );
    return;
  }
  throw new UsageError(command ? `Unknown command ${command}` : 'No command given');
}

if (require.main === module) void run();

function run(): Promise<void> {
  return main(process.argv.slice(2)).catch((error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(
      `${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}
