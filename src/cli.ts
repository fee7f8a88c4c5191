/**
 * Operator commands: `npm run cli -- <command> [options]`.
 *
 *   apps:create --name <name> --scopes party_admin,party_notify [--redirect-uris <uri,...>]
 *     Creates a system app and prints `{"client_id", "client_secret"}` as JSON (the secret is
 *     shown only here). System apps may hold every scope, party_admin and party_notify included.
 *
 *   compat:set --app <client_id> --vendor <vendor> --<setting> <value> [...]
 *     Sets a system app's settings for a vendor wire format (docs/compat/): Xuanxuan's `code`,
 *     Agora's `org_name`, `app_name` and `acting_user_id`.
 *   compat:unset --app <client_id> --vendor <vendor> [--names <setting,...>]
 *     Removes the named settings, or all of the vendor's.
 *   webhooks:create --app <client_id> --url <url> --events <type,...> [--secret <secret>]
 *                   [--on-failure allow|reject] [--timeout-ms <100-5000>]
 *     Registers a webhook endpoint of a system app (they have no owner to do it over the API) and
 *     prints `{"id", "secret"}` as JSON (the secret is shown only here). The rules are the API's:
 *     catalogue types the app's scopes cover, or `message.before_send` alone; no internal URL
 *     unless WEBHOOK_ALLOW_PRIVATE=true.
 *
 * The database is DATABASE_URL when set; otherwise the embedded PostgreSQL of DATA_DIR, reached
 * through the socket a running Party server recorded there, or started here when none runs.
 */
import { DataSource, QueryFailedError } from 'typeorm';
import { AppEntity } from './auth/entities/app.entity';
import { BEFORE_SEND_EVENT, WEBHOOK_EVENT_TYPES } from './webhook/dto/webhook.dto';
import { WebhookEntity } from './webhook/entities/webhook.entity';
import { checkWebhookUrl, eventProblems, generateSecret } from './webhook/webhook-rules';
import { insertApp } from './auth/app.repository';
import { Scope, SCOPES } from './common/http/request-principal';
import { isRedirectUri } from './auth/dto/app.dto';
import { COMPAT_VENDORS, CompatVendor, ConfigError, loadConfig } from './config/app-config';
import { buildDataSourceOptions } from './database/data-source-options';
import {
  COMPAT_SETTINGS,
  CompatSettingError,
  deleteCompatSettings,
  writeCompatSettings,
} from './compat/compat-settings';
import { openOperatorDatabase } from './database/operator-database';

export class UsageError extends Error {}

const USAGE = `Usage: npm run cli -- apps:create --name <name> --scopes <scope,...> [--redirect-uris <uri,...>]
       npm run cli -- compat:set --app <client_id> --vendor <vendor> --<setting> <value> [...]
       npm run cli -- compat:unset --app <client_id> --vendor <vendor> [--names <setting,...>]
       npm run cli -- webhooks:create --app <client_id> --url <url> --events <type,...> [--secret <secret>] [--on-failure allow|reject] [--timeout-ms <n>]
Scopes: ${SCOPES.join(', ')}
Vendor settings: ${COMPAT_VENDORS.map((vendor) => `${vendor} (${Object.keys(COMPAT_SETTINGS[vendor]).join(', ') || 'none'})`).join('; ')}`;

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

interface CompatCommandInput {
  clientId: string;
  vendor: CompatVendor;
  /** `compat:set`: the settings to write; `compat:unset`: the names to remove (empty = all). */
  values: Record<string, string>;
  names: string[];
}

export function parseCompatCommand(command: 'set' | 'unset', args: string[]): CompatCommandInput {
  const options = parseOptions(args);
  const clientId = options.get('app') ?? '';
  if (clientId === '') throw new UsageError('--app <client_id> is required');
  const vendor = options.get('vendor') ?? '';
  if (!(COMPAT_VENDORS as readonly string[]).includes(vendor))
    throw new UsageError(`--vendor must be one of ${COMPAT_VENDORS.join(', ')}`);
  options.delete('app');
  options.delete('vendor');
  if (command === 'unset') {
    for (const key of options.keys())
      if (key !== 'names') throw new UsageError(`Unknown option --${key}`);
    return {
      clientId,
      vendor: vendor as CompatVendor,
      values: {},
      names: list(options.get('names')),
    };
  }
  if (options.size === 0) throw new UsageError('compat:set needs at least one --<setting> <value>');
  return {
    clientId,
    vendor: vendor as CompatVendor,
    values: Object.fromEntries(options),
    names: [],
  };
}

interface WebhooksCreateInput {
  clientId: string;
  url: string;
  events: string[];
  secret: string | null;
  onFailure: 'allow' | 'reject';
  timeoutMs: number;
}

export function parseWebhooksCreate(args: string[]): WebhooksCreateInput {
  const options = parseOptions(args);
  for (const key of options.keys()) {
    if (!['app', 'url', 'events', 'secret', 'on-failure', 'timeout-ms'].includes(key))
      throw new UsageError(`Unknown option --${key}`);
  }
  const clientId = options.get('app') ?? '';
  if (!clientId) throw new UsageError('--app needs the client_id of a system app');
  const url = options.get('url') ?? '';
  if (!/^https?:\/\/[^\s/?#]+([/?#]\S*)?$/i.test(url) || url.length > 2048)
    throw new UsageError('--url must be an http or https URL');
  const events = [...new Set(list(options.get('events')))];
  if (events.length === 0) throw new UsageError('--events needs at least one event type');
  const unknown = events.filter((type) => !WEBHOOK_EVENT_TYPES.includes(type));
  if (unknown.length > 0) throw new UsageError(`Unknown event type ${unknown.join(', ')}`);
  const secret = options.get('secret') ?? null;
  if (secret !== null && (secret.length < 16 || secret.length > 128))
    throw new UsageError('--secret must be 16 to 128 characters');
  const onFailure = options.get('on-failure') ?? 'allow';
  if (onFailure !== 'allow' && onFailure !== 'reject')
    throw new UsageError('--on-failure must be allow or reject');
  const timeoutMs = Number(options.get('timeout-ms') ?? 1500);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 5000)
    throw new UsageError('--timeout-ms must be an integer from 100 to 5000');
  return { clientId, url, events, secret, onFailure, timeoutMs };
}

async function createSystemWebhook(
  dataSource: DataSource,
  input: WebhooksCreateInput,
  allowPrivate: boolean,
): Promise<{ id: string; secret: string }> {
  const app = await dataSource
    .getRepository(AppEntity)
    .findOne({ where: { clientId: input.clientId } });
  if (!app || !app.isSystem) throw new UsageError(`No system app has client_id ${input.clientId}`);
  const problems = eventProblems(input.events, app.scopes);
  if (problems.length > 0)
    throw new UsageError(
      `--events: ${problems.map((p) => JSON.stringify(p.params ?? p.code)).join('; ')}`,
    );
  try {
    await checkWebhookUrl(input.url, allowPrivate);
  } catch {
    throw new UsageError('--url resolves to an internal address or does not resolve');
  }
  const secret = input.secret ?? generateSecret();
  const repository = dataSource.getRepository(WebhookEntity);
  try {
    const hook = await repository.save(
      repository.create({
        appId: app.id,
        url: input.url,
        events: input.events,
        beforeSend: input.events.includes(BEFORE_SEND_EVENT),
        secret,
        onFailure: input.onFailure,
        timeoutMs: input.timeoutMs,
      }),
    );
    return { id: hook.id, secret };
  } catch (error) {
    if (error instanceof QueryFailedError)
      throw new UsageError('This app already has a message.before_send hook');
    throw error;
  }
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
  if (command === 'compat:set' || command === 'compat:unset') {
    const input = parseCompatCommand(command === 'compat:set' ? 'set' : 'unset', args);
    const message = await withDatabase(async (dataSource) => {
      if (command === 'compat:set') {
        await writeCompatSettings(dataSource.manager, input.clientId, input.vendor, input.values);
        return { vendor: input.vendor, set: Object.keys(input.values) };
      }
      const removed = await deleteCompatSettings(
        dataSource.manager,
        input.clientId,
        input.vendor,
        input.names,
      );
      return { vendor: input.vendor, removed };
    });
    process.stdout.write(`${JSON.stringify(message)}\n`);
    return;
  }
  if (command === 'webhooks:create') {
    const input = parseWebhooksCreate(args);
    const allowPrivate = loadConfig().webhooks.allowPrivate;
    const created = await withDatabase((dataSource) =>
      createSystemWebhook(dataSource, input, allowPrivate),
    );
    process.stdout.write(`${JSON.stringify(created)}\n`);
    return;
  }
  throw new UsageError(command ? `Unknown command ${command}` : 'No command given');
}

if (require.main === module) void run();

function run(): Promise<void> {
  return main(process.argv.slice(2)).catch((error: unknown) => {
    if (error instanceof CompatSettingError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
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
