/**
 * `npm run bench:webhooks`: the webhook numbers of issue 15, against the built server on the
 * machine's PostgreSQL (a dedicated database it recreates and drops, like `npm run bench`).
 *
 * 1. Deliveries per second: 500 private messages from 100 senders, a system app's endpoint
 *    hearing both sides, are sent through a server that only queues (WEBHOOK_CONCURRENCY=0);
 *    then a second server that works the queue starts, and the time from its start until the
 *    1,000th delivery arrives is measured (fan-out included).
 * 2. What a before-send hook adds to a send: `POST messages` under autocannon without a hook,
 *    then with a system app's hook on a local receiver answering `allow` at once.
 *
 * Results are printed and written to bench/results/webhooks.md.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { sha256Hex } from '../src/common/crypto/secrets';
import { load, percentile, Slice } from './measure';
import {
  Child,
  freePort,
  killAllChildrenNow,
  startChild,
  startNodeFlags,
  stopChild,
  waitUntilReady,
} from './processes';
import { BenchRequest, Scenario } from './scenarios';

const ROOT = path.resolve(__dirname, '..');
const DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/party_bench_webhooks';
const SECONDS = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SENDERS = 100;
const WORKERS = Number(process.env.BENCH_WEBHOOK_CONCURRENCY ?? 8);
const MESSAGES = 500;
const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'webhooks.md');

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function adminUrl(): { admin: string; name: string } {
  const url = new URL(DATABASE_URL);
  if (!['127.0.0.1', 'localhost', '::1'].includes(url.hostname))
    throw new Error('BENCH_DATABASE_URL must point at this machine');
  const name = url.pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name) || name === 'postgres')
    throw new Error('BENCH_DATABASE_URL must name a dedicated database');
  url.pathname = '/postgres';
  return { admin: url.toString(), name };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl().admin });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A local receiver answering every request at once (`allow` for a before-send hook). */
function receiver(): {
  server: Server;
  arrivals: number[];
  waitFor: (n: number) => Promise<void>;
} {
  const arrivals: number[] = [];
  const waiters: { n: number; done: () => void }[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      arrivals.push(Date.now());
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"action":"allow"}');
      for (const waiter of waiters.filter((w) => arrivals.length >= w.n)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.done();
      }
    });
  });
  return {
    server,
    arrivals,
    waitFor: (n) =>
      new Promise((done) => (arrivals.length >= n ? done() : waiters.push({ n, done }))),
  };
}

function startParty(port: number, dataDir: string, concurrency: number): Child {
  const entry = path.join(ROOT, 'dist/src/main.js');
  return startChild(`party-${port}`, process.execPath, [...startNodeFlags(), entry], {
    env: {
      ...process.env,
      DATABASE_URL,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_HOUR: '100000000',
      DATA_DIR: dataDir,
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_CONCURRENCY: String(concurrency),
    },
  });
}

function sendScenario(tokens: string[], userIds: string[]): Scenario {
  return {
    key: 'send',
    title: 'private send',
    server: 'party',
    request: (i: number): BenchRequest => ({
      method: 'POST',
      path: '/api/party/messages',
      token: tokens[i % SENDERS],
      body: {
        to_user: userIds[(i + 1) % SENDERS],
        message_type: 'text',
        content: `bench ${i}`,
      },
    }),
    check: () => null,
    measures: '',
  };
}

function describe(slice: Slice): { rps: number; mean: number; p99: number } {
  const sorted = [...slice.latencies].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, v) => sum + v, 0) / Math.max(1, sorted.length);
  return { rps: slice.ok / slice.seconds, mean, p99: percentile(sorted, 0.99) };
}

async function main(): Promise<void> {
  const { name } = adminUrl();
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE "${name}"`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'party-bench-webhooks-'));
  const port = await freePort();
  const hooks = receiver();
  await new Promise<void>((done) => hooks.server.listen(0, '127.0.0.1', done));
  const hookPort = (hooks.server.address() as { port: number }).port;
  // This one only queues: its commits write the jobs, it works none of them.
  const queuer = startParty(port, dataDir, 0);
  let worker: Child | null = null;
  const base = `http://127.0.0.1:${port}`;
  const db = new Client({ connectionString: DATABASE_URL });
  try {
    await waitUntilReady(queuer, `${base}/api/party/health`, 120_000);
    await db.connect();
    const tokens: string[] = [];
    const userIds: string[] = [];
    for (let i = 0; i < SENDERS; i += 1) {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO users (username, username_lower, password_hash, nickname)
         VALUES ($1, $1, 'x', $1) RETURNING id`,
        [`bench${i}`],
      );
      const token = randomBytes(24).toString('hex');
      await db.query(
        `INSERT INTO oauth_tokens (access_token_hash, family_id, user_id, scopes, grant_type)
         VALUES ($1, $2, $3, ARRAY['party_user', 'party_message'], 'password')`,
        [sha256Hex(token), randomUUID(), rows[0].id],
      );
      tokens.push(token);
      userIds.push(rows[0].id);
    }
    const { rows: apps } = await db.query<{ id: string }>(
      `INSERT INTO apps (client_id, client_secret_hash, name, scopes, is_system)
       VALUES ('bench_system', $1, 'Bench', ARRAY['party_message'], true) RETURNING id`,
      ['x'.repeat(64)],
    );
    const hookUrl = `http://127.0.0.1:${hookPort}/hook`;
    await db.query(
      `INSERT INTO webhooks (app_id, url, events, secret) VALUES ($1, $2, ARRAY['message.created'], $3)`,
      [apps[0].id, hookUrl, 'whsec_bench_0123456789abcdef'],
    );

    log(`Queuing ${MESSAGES} sends for ${MESSAGES * 2} deliveries (no worker running)...`);
    const scenario = sendScenario(tokens, userIds);
    for (let i = 0; i < MESSAGES; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, async (_, j) => {
          const request = scenario.request(i + j);
          const answer = await fetch(`${base}${request.path}`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${request.token}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify(request.body),
          });
          if (answer.status !== 201) throw new Error(`send answered ${answer.status}`);
        }),
      );
    }
    log(`Starting a server that works the queue (WEBHOOK_CONCURRENCY=${WORKERS})...`);
    const workerPort = await freePort();
    const started = Date.now();
    worker = startParty(workerPort, dataDir, WORKERS);
    await hooks.waitFor(MESSAGES * 2);
    const first = hooks.arrivals[0];
    const last = hooks.arrivals[MESSAGES * 2 - 1];
    const drainSeconds = (last - first) / 1000;
    const perSecond = (MESSAGES * 2) / drainSeconds;
    log(`Delivered ${MESSAGES * 2} in ${drainSeconds.toFixed(2)} s: ${perSecond.toFixed(0)}/s`);
    await waitUntilReady(worker, `http://127.0.0.1:${workerPort}/api/party/health`, 120_000);
    const sendBase = `http://127.0.0.1:${workerPort}`;

    await db.query(`DELETE FROM webhooks`);
    await new Promise((done) => setTimeout(done, 1500));
    log('Sends without a before-send hook...');
    const without = describe(
      await load(sendBase, scenario, {
        connections: CONNECTIONS,
        seconds: SECONDS,
        counterStart: 0,
      }),
    );
    await db.query(
      `INSERT INTO webhooks (app_id, url, events, before_send, secret, timeout_ms)
       VALUES ($1, $2, ARRAY['message.before_send'], true, $3, 1500)`,
      [apps[0].id, hookUrl, 'whsec_bench_0123456789abcdef'],
    );
    await new Promise((done) => setTimeout(done, 1500));
    log('Sends with a before-send hook (a local receiver answering allow)...');
    const withHook = describe(
      await load(sendBase, scenario, {
        connections: CONNECTIONS,
        seconds: SECONDS,
        counterStart: 1e6,
      }),
    );
    const lines = [
      '# Webhook benchmark',
      '',
      `${new Date().toISOString()} · ${os.cpus().length} CPUs · ${CONNECTIONS} connections · ${SECONDS} s per send run`,
      '',
      '| measure | value |',
      '| --- | --- |',
      `| ${MESSAGES * 2} queued deliveries (${MESSAGES} sends), first to last arrival, fan-out included | ${drainSeconds.toFixed(2)} s: ${perSecond.toFixed(0)} deliveries/s (${WORKERS} workers) |`,
      `| worker start to the last arrival | ${((last - started) / 1000).toFixed(2)} s |`,
      `| send without a before-send hook | ${without.rps.toFixed(0)} req/s, mean ${without.mean.toFixed(1)} ms, p99 ${without.p99.toFixed(1)} ms |`,
      `| send with a before-send hook | ${withHook.rps.toFixed(0)} req/s, mean ${withHook.mean.toFixed(1)} ms, p99 ${withHook.p99.toFixed(1)} ms |`,
      `| added mean latency per send | ${(withHook.mean - without.mean).toFixed(1)} ms (req/s ratio ${(withHook.rps / without.rps).toFixed(2)}) |`,
      '',
    ];
    mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    writeFileSync(RESULTS_FILE, lines.join('\n'));
    log(lines.join('\n'));
  } finally {
    await db.end().catch(() => undefined);
    await stopChild(queuer);
    if (worker) await stopChild(worker);
    hooks.server.close();
    rmSync(dataDir, { recursive: true, force: true });
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
  }
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    process.stderr.write(`Bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    killAllChildrenNow();
    process.exit(1);
  });
