import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { checkConsistency, formatConsistencyReport } from '../../src/database/consistency-check';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON unless it is FormData, URLSearchParams or a string. */
  body?: unknown;
}

export interface TestApp {
  app: NestFastifyApplication;
  baseUrl: string;
  dataDir: string;
  /** The test's own database (for a `pg` Client of its own: triggers, direct reads). */
  databaseUrl: string;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  get<T = any>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  post<T = any>(path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<T>>;
  put<T = any>(path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<T>>;
  patch<T = any>(path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<T>>;
  delete<T = any>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  /** Makes the database unreachable (drops it, or stops the embedded server). */
  breakDatabase(): Promise<void>;
  /**
   * Stops the app, runs the consistency check on its database (unless it was broken on purpose),
   * drops the database, and throws when the check found disagreements: every e2e file's
   * `afterAll` fails when its requests left the modules' copies disagreeing with their facts.
   */
  close(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs `work` on a connection of its own to `url`. */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  await withClient(serverUrl, (admin) => admin.query(sql));
}

/** The report of the consistency check on `url`, or null when it is clean. */
export async function consistencyProblems(url: string): Promise<string | null> {
  const disagreements = await withClient(url, (client) => checkConsistency(client));
  return disagreements.length === 0 ? null : formatConsistencyReport(disagreements);
}

export interface TestAppOptions {
  /** The PostgreSQL server to create the test's database on, instead of DATABASE_URL's. */
  databaseServerUrl?: string;
  /** Connections of the app's pool (5 on a server, 1 embedded). */
  poolSize?: number;
}

/**
 * Boots the real app, listening on a random local port, on a database of its own: a new database
 * on DATABASE_URL's server (or `options.databaseServerUrl`'s) when set, else a fresh in-memory
 * embedded PostgreSQL. Migrations run at start. `env` overrides configuration (REDIS_URL is only
 * used when given here).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const serverUrl = options.databaseServerUrl ?? process.env.DATABASE_URL;
  const dataDir = mkdtempSync(join(tmpdir(), 'party-test-'));
  let databaseUrl: string;
  let dropDatabase: (() => Promise<void>) | null = null;
  let embeddedStop: (() => Promise<void>) | null = null;
  if (serverUrl) {
    const name = `party_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
    databaseUrl = withDatabase(serverUrl, name);
    dropDatabase = () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else {
    const embedded = await startEmbeddedPostgres(null);
    databaseUrl = embedded.url;
    embeddedStop = () => embedded.stop();
  }
  const { REDIS_URL: _ignored, DATABASE_URL: _server, ...baseEnv } = process.env;
  const config = loadConfig({
    ...baseEnv,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATA_DIR: dataDir,
    ...env,
  });
  const app = await createApp(config, {
    databaseUrl,
    poolSize: options.poolSize ?? (serverUrl ? 5 : 1),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');

  async function request<T>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const url = new URL(path.startsWith('/') ? path : `/api/party/${path}`, baseUrl);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: RequestInit['body'];
    if (
      options.body instanceof FormData ||
      options.body instanceof URLSearchParams ||
      typeof options.body === 'string'
    ) {
      body = options.body;
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(url, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text)
      parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  let broken = false;
  return {
    app,
    baseUrl,
    dataDir,
    databaseUrl,
    request,
    get: (path, options) => request('GET', path, options),
    post: (path, body, options) => request('POST', path, { ...options, body }),
    put: (path, body, options) => request('PUT', path, { ...options, body }),
    patch: (path, body, options) => request('PATCH', path, { ...options, body }),
    delete: (path, options) => request('DELETE', path, options),
    async breakDatabase() {
      broken = true;
      if (embeddedStop) {
        await embeddedStop();
        embeddedStop = null;
      } else {
        await dropDatabase?.();
        dropDatabase = null;
      }
    },
    async close() {
      await app.close().catch(() => undefined);
      let problems: string | null = null;
      try {
        if (!broken) problems = await consistencyProblems(databaseUrl);
      } finally {
        await embeddedStop?.();
        await dropDatabase?.();
        rmSync(dataDir, { recursive: true, force: true });
      }
      if (problems) throw new Error(`The test left disagreeing copies behind.\n${problems}`);
    },
  };
}
