/**
 * `npm run bench:builds`: two or more builds of Party side by side on one seeded database, their
 * slices alternating (ABBA...), so that a shared, noisy machine hits every build alike. Reports
 * req/s, p50 / p99 and the server's CPU per request (`/proc/<pid>/stat`) per scenario and build. For
 * measuring a change of the per-request pipeline against the build before it (bench/README.md).
 *
 *   BENCH_BUILDS='{"main":"/tmp/main/dist/src/main.js","branch":"dist/src/main.js"}' \
 *     BENCH_ONLY=history-1k,inbox-10,user,private-send npm run bench:builds
 *
 * An entry may start with node flags for its build (`"--max-semi-space-size=64 dist/src/main.js"`)
 * to compare runtime settings of one build. A build outside this checkout needs a `node_modules` it can resolve (a symbolic link to this
 * one will do, as long as its dependencies are still installed here).
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { readTicks, TICKS_PER_SECOND } from './cpu';
import { load, percentile } from './measure';
import { Child, freePort, startChild, stopChild, waitUntilReady } from './processes';
import { buildScenarios } from './scenarios';
import { seed } from './seed';

const DATABASE = 'party_bench_builds';
const SERVER = 'postgresql://postgres@127.0.0.1:5432';
const builds = JSON.parse(process.env.BENCH_BUILDS ?? '{}') as Record<string, string>;
const only = (process.env.BENCH_ONLY ?? 'history-1k,inbox-10,user,private-send').split(',');
const rounds = Number(process.env.BENCH_ROUNDS ?? 4);
const seconds = Number(process.env.BENCH_DURATION ?? 4);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);

interface Server {
  name: string;
  child: Child;
  url: string;
}

function ticksOf(server: Server): number {
  return readTicks(server.child.process.pid ?? -1)?.ticks ?? Number.NaN;
}

async function startServers(databaseUrl: string): Promise<Server[]> {
  const servers: Server[] = [];
  for (const [name, entry] of Object.entries(builds)) {
    const port = await freePort();
    // `"--flag ... dist/src/main.js"`: node flags for this build, then its entry point.
    const words = entry.trim().split(/\s+/);
    const main = path.resolve(words.pop() as string);
    const child = startChild(name, process.execPath, [...words, main], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        DATABASE_POOL_SIZE: '10',
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_HOUR: '100000000',
        DATA_DIR: path.join('/tmp', `party-bench-builds-${name}`),
      },
    });
    const url = `http://127.0.0.1:${port}`;
    servers.push({ name, child, url });
    await waitUntilReady(child, `${url}/api/party/health`, 120_000);
  }
  return servers;
}

async function main(): Promise<void> {
  if (Object.keys(builds).length < 2) throw new Error('BENCH_BUILDS must name two builds or more');
  const admin = new Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  let servers: Server[] = [];
  try {
    servers = await startServers(`${SERVER}/${DATABASE}`);
    const secret = randomBytes(16).toString('hex');
    await seed(`${SERVER}/${DATABASE}`, secret, () => undefined);
    let counter = 0;
    for (const scenario of buildScenarios(secret).filter((s) => only.includes(s.key))) {
      const totals = new Map(
        servers.map((s) => [s.name, { ticks: 0, ok: 0, seconds: 0, latencies: [] as number[] }]),
      );
      for (const server of servers)
        await load(server.url, scenario, {
          connections,
          seconds: 1,
          counterStart: (counter += 1e5),
        });
      for (let round = 0; round < rounds; round++) {
        for (const server of round % 2 === 0 ? servers : [...servers].reverse()) {
          const before = ticksOf(server);
          const slice = await load(server.url, scenario, {
            connections,
            seconds,
            counterStart: (counter += 1e5),
          });
          await new Promise((resolve) => setTimeout(resolve, 700));
          const total = totals.get(server.name)!;
          total.ticks += ticksOf(server) - before;
          total.ok += slice.ok;
          total.seconds += slice.seconds;
          total.latencies.push(...slice.latencies);
        }
      }
      for (const [name, total] of totals) {
        const cpu = ((total.ticks / TICKS_PER_SECOND) * 1000) / total.ok;
        const sorted = total.latencies.sort((a, b) => a - b);
        const [p50, p99] = [percentile(sorted, 0.5), percentile(sorted, 0.99)];
        console.log(
          `${scenario.key.padEnd(14)} ${name.padEnd(10)} ${(total.ok / total.seconds).toFixed(0).padStart(6)} req/s` +
            `  p50 ${p50.toFixed(1)} p99 ${p99.toFixed(1)} ms (${(p99 / p50).toFixed(2)}×)` +
            `  Node CPU ${cpu.toFixed(2)} ms/req  (${total.ok} answers)`,
        );
      }
    }
  } finally {
    for (const server of servers) await stopChild(server.child);
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
