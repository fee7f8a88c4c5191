/**
 * `npm run bench`: recreates the bench database, starts the built Party server and the raw
 * Fastify + pg baseline as child processes on 127.0.0.1, seeds the data set, runs every HTTP
 * scenario with autocannon, then the realtime ones with a WebSocket client pool (a third child),
 * and writes `bench/results/latest.md`. See bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import ts from 'typescript';
import { CpuWatch, TICKS_PER_SECOND } from './cpu';
import {
  Child,
  freePort,
  ServerCounters,
  killAllChildrenNow,
  runCommand,
  startChild,
  startNodeFlags,
  serverCounters,
  stopChild,
  waitUntilReady,
} from './processes';
import { Outcome, RealtimeOutcome, realtimeTable, resultsFile, resultsTable } from './report';
import { load, settle, Slice, SliceCost, summarize, toParams } from './measure';
import { ClientPool, REALTIME_SCENARIOS, runRealtime } from './realtime';
import { buildScenarios, Scenario } from './scenarios';
import { seed, SeedReport } from './seed';

const ROOT = path.resolve(__dirname, '..');
const SERVER_ENTRY = path.join(ROOT, 'dist', 'src', 'main.js');
const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'latest.md');

function envNumber(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${name} must be a number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

const OPTIONS = {
  databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/party_bench',
  connections: envNumber('BENCH_CONNECTIONS', 64, 1, 1024),
  duration: envNumber('BENCH_DURATION', 10, 1, 120),
  warmup: envNumber('BENCH_WARMUP', 2, 0, 60),
  rounds: envNumber('BENCH_ROUNDS', 2, 1, 10),
  poolSize: envNumber('BENCH_POOL_SIZE', 10, 1, 200),
  timeoutMinutes: envNumber('BENCH_TIMEOUT_MINUTES', 25, 1, 240),
  wsRate: envNumber('BENCH_WS_RATE', 100, 1, 1000),
  fanoutRepeats: envNumber('BENCH_FANOUT_REPEATS', 5, 1, 50),
  only: (process.env.BENCH_ONLY ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key !== ''),
  build: process.env.BENCH_BUILD === '1',
  keepDatabase: process.env.BENCH_KEEP_DATABASE === '1',
  serverNodeArgs: (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== ''),
};

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '']);

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The database URL, checked: the bench drops that database, so only a local one is allowed. */
function benchDatabase(): { url: string; adminUrl: string; name: string } {
  const url = new URL(OPTIONS.databaseUrl);
  if (!LOCAL_HOSTS.has(url.hostname)) {
    throw new Error(`BENCH_DATABASE_URL must point at this machine (127.0.0.1), not ${url.host}`);
  }
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[a-z_][a-z0-9_]*$/.test(name) || name === 'postgres') {
    throw new Error(`BENCH_DATABASE_URL must name a dedicated database, not "${name}"`);
  }
  const admin = new URL(url.toString());
  admin.pathname = '/postgres';
  return { url: url.toString(), adminUrl: admin.toString(), name };
}

/** Drops (`create` false) or recreates the bench database; returns the server version. */
async function resetDatabase(adminUrl: string, name: string, create: boolean): Promise<string> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    if (create) await client.query(`CREATE DATABASE "${name}"`);
    const version: { server_version: string }[] = (await client.query('SHOW server_version')).rows;
    return version[0].server_version;
  } finally {
    await client.end();
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds when asked or when there is no build; returns a warning when the build looks stale. */
async function ensureBuild(): Promise<string | null> {
  if (OPTIONS.build || !existsSync(SERVER_ENTRY)) {
    log(OPTIONS.build ? 'Building (BENCH_BUILD=1)...' : 'No build found: building...');
    await runCommand(
      'nest build',
      process.execPath,
      [path.join(ROOT, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'), 'build'],
      { cwd: ROOT, env: process.env },
      5 * 60_000,
    );
    return null;
  }
  if (newestMtime(path.join(ROOT, 'src')) > statSync(SERVER_ENTRY).mtimeMs) {
    return 'dist/ is older than src/: this run measured the last build (run `npm run build` first)';
  }
  return null;
}

function gitFacts(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT })
      .toString()
      .trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT })
        .toString()
        .trim() !== '';
    return `${commit}${dirty ? ' (with uncommitted changes in src/)' : ''}`;
  } catch {
    return 'unknown';
  }
}

interface Servers {
  party: { url: string; child: Child };
  raw: { url: string; child: Child };
}

/**
 * The counters both servers preload (bench/server-counters.ts), as JavaScript in the run's
 * directory: the measured processes then load no TypeScript hook of their own for it.
 */
function writeServerCounters(dataDir: string): string {
  const source = readFileSync(path.join(ROOT, 'bench', 'server-counters.ts'), 'utf8');
  const output = ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  });
  const file = path.join(dataDir, 'server-counters.js');
  writeFileSync(file, output.outputText);
  return file;
}

async function startServers(databaseUrl: string, dataDir: string): Promise<Servers> {
  const [partyPort, rawPort] = [await freePort(), await freePort()];
  const counter = writeServerCounters(dataDir);
  const party = startChild(
    'Party server',
    process.execPath,
    ['-r', counter, ...startNodeFlags(), ...OPTIONS.serverNodeArgs, SERVER_ENTRY],
    {
      cwd: ROOT,
      ipc: true,
      logFile: path.join(dataDir, 'server.log'),
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        DATABASE_POOL_SIZE: String(OPTIONS.poolSize),
        PORT: String(partyPort),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_HOUR: '100000000',
        DATA_DIR: dataDir,
      },
    },
  );
  const raw = startChild(
    'raw baseline',
    process.execPath,
    [
      ...startNodeFlags(),
      '-r',
      counter,
      '-r',
      'ts-node/register/transpile-only',
      path.join(ROOT, 'bench', 'raw-server.ts'),
    ],
    {
      cwd: ROOT,
      ipc: true,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        DATABASE_POOL_SIZE: String(OPTIONS.poolSize),
        PORT: String(rawPort),
        HOST: '127.0.0.1',
      },
    },
  );
  const servers = {
    party: { url: `http://127.0.0.1:${partyPort}`, child: party },
    raw: { url: `http://127.0.0.1:${rawPort}`, child: raw },
  };
  await Promise.all([
    waitUntilReady(party, `${servers.party.url}/api/party/health`, 120_000),
    waitUntilReady(raw, `${servers.raw.url}/health`, 60_000),
  ]);
  return servers;
}

/** One request before the load: is the route there, and does it do the intended work? */
async function preflight(
  base: string,
  scenario: Scenario,
): Promise<{ state: 'ok' | 'not available' | 'failed'; note: string | null }> {
  const request = scenario.request(1_000_003);
  const { headers, body } = toParams(request);
  let status: number;
  let parsed: unknown = null;
  try {
    const response = await fetch(`${base}${request.path}`, {
      method: request.method,
      headers,
      body,
      signal: AbortSignal.timeout(30_000),
    });
    status = response.status;
    const text = await response.text();
    try {
      parsed = JSON.parse(text) as unknown;
    } catch {
      parsed = text;
    }
  } catch (error) {
    return { state: 'failed', note: `request failed: ${String(error)}` };
  }
  const rawCode = (parsed as { code?: unknown } | null)?.code;
  const code = typeof rawCode === 'string' ? rawCode : null;
  if (status === 404) {
    return {
      state: 'not available',
      note: `\`${request.method} ${request.path.split('?')[0]}\` answered 404${code ? ` (${code})` : ''}`,
    };
  }
  if (status < 200 || status >= 300) {
    return { state: 'failed', note: `answered ${status}${code ? ` ${code}` : ''}` };
  }
  const problem = scenario.check(status, parsed);
  return { state: 'ok', note: problem ? `data check: ${problem}` : null };
}

/** `message.created` frames the pool has counted, once at least `expected` or after 5 s. */
async function framesReceived(pool: ClientPool, expected: number): Promise<number> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const { frames } = await pool.run({ command: 'count', reset: false }, 10_000);
    if (frames >= expected || Date.now() > deadline) return frames;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The server's counters once it has sent no statement for three reads 100 ms apart (at most
 * 30 s): the database can look idle for a moment while requests of the load still wait in the
 * server for a pooled connection, and their cost belongs to the slice.
 */
async function quiet(server: Child): Promise<ServerCounters | null> {
  const deadline = Date.now() + 30_000;
  let last = await serverCounters(server);
  let same = 0;
  while (last && same < 3 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = await serverCounters(server);
    same = now && now.statements === last.statements ? same + 1 : 0;
    last = now;
  }
  return last;
}

/** Checks every scenario, then measures the available ones in alternating rounds. */
async function runScenarios(
  servers: Servers,
  scenarios: Scenario[],
  db: Client,
  pools: PoolAccess,
): Promise<Outcome[]> {
  const outcomes = new Map<string, Outcome>();
  // Sockets open during a scenario's loads: its `connected` users, else none.
  const holdFor = async (scenario: Scenario) => {
    if (scenario.connected) await (await pools.get()).hold(scenario.connected);
    else if (pools.started()) await (await pools.get()).hold([]);
  };
  const deliveries = new Map<string, { ok: number; frames: number }>();
  const ready: { scenario: Scenario; note: string | null; slices: Slice[] }[] = [];
  for (const scenario of scenarios) {
    const check = await preflight(servers[scenario.server].url, scenario);
    if (check.state === 'ok') ready.push({ scenario, note: check.note, slices: [] });
    else outcomes.set(scenario.key, { scenario, state: check.state, note: check.note });
    log(`Checked ${scenario.key}: ${check.state}${check.note ? ` (${check.note})` : ''}`);
  }
  const seconds = OPTIONS.duration / OPTIONS.rounds;
  let counter = 0;
  for (let round = 0; round < OPTIONS.rounds; round++) {
    const order = round % 2 === 0 ? ready : [...ready].reverse();
    for (const entry of order) {
      const base = servers[entry.scenario.server].url;
      const options = { connections: OPTIONS.connections, counterStart: counter };
      counter += 10_000_000;
      await holdFor(entry.scenario);
      // Later rounds warm up briefly too: a server idle for 10 s has closed its pooled
      // connections, and opening them again belongs to no slice.
      const warmup = round === 0 ? OPTIONS.warmup : Math.min(OPTIONS.warmup, 1);
      if (warmup > 0) {
        await load(base, entry.scenario, { ...options, seconds: warmup });
        await settle(db);
      }
      const pool = entry.scenario.connected ? await pools.get() : null;
      if (pool) await pool.run({ command: 'count', reset: true }, 10_000);
      const server = servers[entry.scenario.server].child;
      const serverPid = server.process.pid ?? 0;
      const countersBefore = await serverCounters(server);
      const cpuWatch = await CpuWatch.start(db, serverPid);
      const slice = await load(base, entry.scenario, { ...options, seconds });
      const waited = await settle(db);
      const countersAfter = await quiet(server);
      const cpu = await cpuWatch.stop();
      const counted = countersBefore && countersAfter;
      slice.cost = {
        serverCpuMs: cpu.serverMs,
        postgresCpuMs: cpu.postgresMs,
        backendsEnded: cpu.backendsEnded,
        statements: counted ? countersAfter.statements - countersBefore.statements : null,
        served: counted ? countersAfter.requests - countersBefore.requests : null,
      } satisfies SliceCost;
      entry.slices.push(slice);
      if (pool) {
        const seen = deliveries.get(entry.scenario.key) ?? { ok: 0, frames: 0 };
        seen.ok += slice.ok;
        seen.frames += await framesReceived(pool, slice.ok);
        deliveries.set(entry.scenario.key, seen);
      }
      log(
        `Round ${round + 1}/${OPTIONS.rounds} ${entry.scenario.key}: ` +
          `${(slice.ok / slice.seconds).toFixed(0)} req/s (2xx)` +
          (waited > 1000
            ? `, then ${(waited / 1000).toFixed(1)} s until the database was idle`
            : ''),
      );
    }
  }
  if (pools.started()) await (await pools.get()).hold([]);
  for (const entry of ready) {
    const seen = deliveries.get(entry.scenario.key);
    const delivery = seen
      ? `${seen.frames} \`message.created\` frames reached the recipients' sockets for ` +
        `${seen.ok} 2xx sends (sends still in flight when a slice stops are delivered but not ` +
        `counted as answers)${seen.frames < seen.ok * 0.99 ? ': delivery fell behind' : ''}`
      : null;
    const note = [entry.note, delivery].filter((n) => n !== null).join('; ') || null;
    outcomes.set(entry.scenario.key, summarize(entry.scenario, note, entry.slices));
  }
  return scenarios.map((s) => outcomes.get(s.key) as Outcome);
}

/** The WebSocket client pool, started on first use. */
interface PoolAccess {
  get(): Promise<ClientPool>;
  started(): boolean;
}

function machineFacts(
  pgVersion: string,
  seeded: SeedReport,
  loads: [number[], number[]],
  buildWarning: string | null,
  realtime: boolean,
): string[] {
  const cpus = os.cpus();
  return [
    `nproc: ${os.availableParallelism()} (${cpus[0]?.model ?? 'unknown CPU'}), ` +
      `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}`,
    `Node.js ${process.version}, PostgreSQL ${pgVersion} (local), autocannon in the bench ` +
      'process, Party and the raw baseline each in its own process, all on the same machine',
    `load average (1 / 5 / 15 min) before the scenarios ${loads[0].map((n) => n.toFixed(2)).join(' / ')}, ` +
      `after ${loads[1].map((n) => n.toFixed(2)).join(' / ')} ` +
      `(a load above ${os.availableParallelism()} means work waiting for CPU); other work ` +
      "(other developers' builds and tests) may share the CPU: " +
      'compare ratios within one run rather than absolute numbers across runs',
    `${OPTIONS.connections} connections; per scenario ${OPTIONS.warmup} s warm-up, then ` +
      `${OPTIONS.duration} s measured in ${OPTIONS.rounds} slices (the rounds alternate the ` +
      'scenario order, forward then backward, so drifting machine load hits pairs alike); ' +
      `database pool of ${OPTIONS.poolSize} connections for both servers`,
    ...(realtime
      ? [
          'realtime: WebSocket clients (the `ws` package) in a client pool process of their own; ' +
            `latency sends at ${OPTIONS.wsRate}/s for ${OPTIONS.duration} s after ` +
            `${OPTIONS.warmup} s of warm-up; ${OPTIONS.fanoutRepeats} fan-out sends after one ` +
            'warm-up send',
        ]
      : []),
    "CPU per request from the kernel's accounting (`/proc/<pid>/stat` utime + stime, " +
      `${TICKS_PER_SECOND} ticks/s) of the server process and of the bench database's ` +
      "PostgreSQL client backends; statements counted in the servers' `pg` clients " +
      '(bench/server-counters.ts)',
    `commit ${gitFacts()}`,
    `seeding took ${seeded.seconds.toFixed(0)} s (${seeded.steps
      .map((s) => `${s.name} ${s.seconds.toFixed(1)} s`)
      .join(', ')})`,
    ...(buildWarning ? [`warning: ${buildWarning}`] : []),
  ];
}

async function main(): Promise<number> {
  const database = benchDatabase();
  const buildWarning = await ensureBuild();
  if (buildWarning) log(`Warning: ${buildWarning}`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'party-bench-'));
  let servers: Servers | null = null;
  // Started on first use (a closure assigns it, so it is a field, not a narrowed local).
  const clients: { start: Promise<ClientPool> | null } = { start: null };
  try {
    log(`Recreating database ${database.name}...`);
    const pgVersion = await resetDatabase(database.adminUrl, database.name, true);
    log('Starting the Party server (runs the migrations) and the raw baseline...');
    servers = await startServers(database.url, dataDir);
    log('Seeding...');
    const secret = randomBytes(16).toString('hex');
    const seeded = await seed(database.url, secret, log);
    log(`Seeded in ${seeded.seconds.toFixed(0)} s.`);
    const selected = (key: string) => OPTIONS.only.length === 0 || OPTIONS.only.includes(key);
    const allScenarios = buildScenarios(secret);
    const scenarios = allScenarios.filter((s) => selected(s.key));
    const realtimeScenarios = REALTIME_SCENARIOS.filter((s) => selected(s.key));
    const known = new Set([...allScenarios, ...REALTIME_SCENARIOS].map((s) => s.key));
    const unknown = OPTIONS.only.filter((key) => !known.has(key));
    if (unknown.length > 0) log(`Warning: BENCH_ONLY names no scenario ${unknown.join(', ')}`);
    const party = servers.party;
    const pools: PoolAccess = {
      get: () =>
        (clients.start ??= ClientPool.start(party.url, secret, path.join(dataDir, 'clients.log'))),
      started: () => clients.start !== null,
    };
    const loadBefore = os.loadavg();
    const db = new Client({ connectionString: database.url });
    await db.connect();
    let outcomes: Outcome[];
    let realtime: RealtimeOutcome[] = [];
    try {
      outcomes = await runScenarios(servers, scenarios, db, pools);
      if (realtimeScenarios.length > 0) {
        log('Realtime scenarios...');
        realtime = await runRealtime(
          {
            partyUrl: party.url,
            secret,
            serverPid: party.child.process.pid ?? 0,
            db,
            pool: () => pools.get(),
            seconds: OPTIONS.duration,
            warmup: OPTIONS.warmup,
            rate: OPTIONS.wsRate,
            fanoutRepeats: OPTIONS.fanoutRepeats,
            log,
          },
          realtimeScenarios,
          () => settle(db),
        );
      }
    } finally {
      await db.end();
    }
    const loadAfter = os.loadavg();
    const serverOutput = servers.party.child
      .tail()
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('Party listening'))
      .join('\n');
    if (serverOutput !== '') {
      log('');
      log(`Party server output (LOG_LEVEL=warn, last lines):\n${serverOutput}`);
    }
    const table = resultsTable(outcomes);
    log('');
    log(table);
    if (realtime.length > 0) {
      log('');
      log(realtimeTable(realtime));
    }
    const facts = {
      date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      lines: machineFacts(
        pgVersion,
        seeded,
        [loadBefore, loadAfter],
        buildWarning,
        pools.started(),
      ),
    };
    mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    writeFileSync(RESULTS_FILE, resultsFile(outcomes, realtime, facts));
    log('');
    log(`Written to ${path.relative(ROOT, RESULTS_FILE)}`);
    return 0;
  } finally {
    if (clients.start) await (await clients.start.catch(() => null))?.stop();
    if (servers) {
      await Promise.all([stopChild(servers.party.child), stopChild(servers.raw.child)]);
    }
    rmSync(dataDir, { recursive: true, force: true });
    if (!OPTIONS.keepDatabase) {
      await resetDatabase(database.adminUrl, database.name, false).catch((error: unknown) =>
        log(`Could not drop ${database.name}: ${String(error)}`),
      );
    }
  }
}

const watchdog = setTimeout(() => {
  process.stderr.write(`Bench stopped: over its ${OPTIONS.timeoutMinutes}-minute limit\n`);
  killAllChildrenNow();
  process.exit(1);
}, OPTIONS.timeoutMinutes * 60_000);

process.on('exit', killAllChildrenNow);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`Bench interrupted (${signal})\n`);
    killAllChildrenNow();
    process.exit(130);
  });
}

main()
  .then((code) => {
    clearTimeout(watchdog);
    process.exit(code);
  })
  .catch((error: unknown) => {
    clearTimeout(watchdog);
    process.stderr.write(
      `Bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    killAllChildrenNow();
    process.exit(1);
  });
