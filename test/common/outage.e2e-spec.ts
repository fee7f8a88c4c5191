import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser, TestUser } from '../support/fixtures';
import { ApiResponse, startTestApp, TestApp } from '../support/test-app';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  if (versions.length === 0) throw new Error('No PostgreSQL binaries in /usr/lib/postgresql');
  return join(root, versions[0], 'bin');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A PostgreSQL server of the test's own (never the machine's shared one), in a temporary
 * directory, run as the `postgres` OS user when the tests run as root.
 */
class OwnPostgres {
  private readonly bin = postgresBin();
  private readonly dir = mkdtempSync(join(tmpdir(), 'party-outage-pg-'));
  private readonly dataDir = join(this.dir, 'data');
  private readonly asRoot = process.getuid?.() === 0;
  url = '';
  private port = 0;

  private run(tool: string, args: string[]): void {
    const command = join(this.bin, tool);
    if (this.asRoot) execFileSync('runuser', ['-u', 'postgres', '--', command, ...args]);
    else execFileSync(command, args);
  }

  async init(): Promise<void> {
    if (this.asRoot) chownSync(this.dir, Number(execFileSync('id', ['-u', 'postgres'])), 0);
    this.run('initdb', ['-D', this.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
    this.port = await freePort();
    this.url = `postgresql://postgres@127.0.0.1:${this.port}/postgres`;
    this.start();
  }

  start(): void {
    this.run('pg_ctl', [
      '-D',
      this.dataDir,
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1`,
      '-l',
      join(this.dir, 'log'),
      '-w',
      'start',
    ]);
  }

  stop(mode: 'fast' | 'immediate'): void {
    this.run('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', 'stop']);
  }

  destroy(): void {
    try {
      this.stop('immediate');
    } catch {
      // Already stopped.
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A TCP relay in front of the shared Redis that the test can cut (refusing and dropping every
 * connection) and restore, so that Redis itself is never touched.
 */
class CuttableRelay {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: URL) {}

  async open(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => {
      const upstream = new Socket();
      upstream.connect(Number(this.target.port || 6379), this.target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => server?.close(resolve));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A small bounded load: `workers` callers in a loop until `stop()`, every answer recorded. */
function load(probe: (worker: number) => Promise<ApiResponse>, workers = 4) {
  const answers: ApiResponse[] = [];
  let running = true;
  const done = Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (running) {
        answers.push(await probe(worker));
        await sleep(20);
      }
    }),
  );
  return {
    answers,
    async stop() {
      running = false;
      await done;
    },
  };
}

async function waitFor(
  probe: () => Promise<ApiResponse>,
  accept: (res: ApiResponse) => boolean,
  timeoutMs = 30_000,
): Promise<ApiResponse> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await probe();
    if (accept(res) || Date.now() > deadline) return res;
    await sleep(100);
  }
}

function expectOutageAnswer(res: ApiResponse, locale: 'en' | 'zh-CN') {
  expect(res.status).toBe(503);
  expect(res.body).toEqual({
    error: locale === 'zh-CN' ? '服务暂不可用' : 'The service is unavailable',
    code: 'service_unavailable',
    details: [],
  });
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
}

describe('a PostgreSQL outage', () => {
  let postgres: OwnPostgres;
  let t: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    postgres = new OwnPostgres();
    await postgres.init();
    t = await startTestApp({}, { databaseServerUrl: postgres.url });
    user = await createUser(t);
  }, 60_000);
  afterAll(async () => {
    try {
      await t?.close();
    } finally {
      postgres?.destroy();
    }
  });

  const probe = (worker: number) =>
    t.get('user', {
      token: user.token,
      headers: { 'accept-language': worker % 2 === 0 ? 'en' : 'zh-CN' },
    });

  it.each(['fast', 'immediate'] as const)(
    'answers 503 with Retry-After (never 500) while stopped -m %s, then recovers by itself',
    async (mode) => {
      const traffic = load(probe);
      await sleep(300);
      postgres.stop(mode);
      const down = await waitFor(
        () => probe(1),
        (res) => res.status === 503,
      );
      expectOutageAnswer(down, 'zh-CN');
      expectOutageAnswer(await probe(0), 'en');
      // Every route fails the same way, whichever of its statements meets the outage first.
      expectOutageAnswer(await t.get('contact-list/inbox', { token: user.token }), 'en');
      const health = await t.get('health');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ code: 'service_unavailable', database: 'down' });
      expect(Number(health.headers.get('retry-after'))).toBeGreaterThan(0);
      await sleep(500);

      postgres.start();
      const back = await waitFor(
        () => probe(0),
        (res) => res.status === 200,
      );
      expect(back.status).toBe(200);
      expect(back.body.id).toBe(user.id);
      await sleep(300);
      await traffic.stop();

      const statuses = traffic.answers.map((res) => res.status);
      expect(statuses.filter((status) => ![200, 503].includes(status))).toEqual([]);
      expect(statuses).toContain(503);
      expect(statuses[statuses.length - 1]).toBe(200);
      for (const res of traffic.answers.filter((r) => r.status === 503)) {
        expect(res.body.code).toBe('service_unavailable');
        expect(res.headers.get('retry-after')).not.toBeNull();
      }
      expect((await t.get('health')).body).toEqual({ status: 'ok', database: 'up' });
    },
    90_000,
  );
});

describe('Redis unreachable (the rate limiter storage)', () => {
  let relay: CuttableRelay;
  let t: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    relay = new CuttableRelay(new URL(REDIS_URL));
    await relay.open();
    t = await startTestApp({
      REDIS_URL: `redis://127.0.0.1:${relay.port}`,
      REDIS_KEY_PREFIX: `party-test-${randomBytes(6).toString('hex')}:`,
    });
    user = await createUser(t);
  });
  afterAll(async () => {
    await relay.open();
    await t?.close();
    await relay.cut();
  });

  it('answers 503 with Retry-After (never 500), then recovers by itself', async () => {
    const ok = await t.get('user', { token: user.token });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-ratelimit-remaining')).not.toBeNull();

    await relay.cut();
    const traffic = load((worker) =>
      t.get(worker % 2 === 0 ? 'user' : 'no-such-route', { token: user.token }),
    );
    const down = await waitFor(
      () => t.get('user', { token: user.token, headers: { 'accept-language': 'zh-CN' } }),
      (res) => res.status === 503,
    );
    expectOutageAnswer(down, 'zh-CN');
    // The health route does not use Redis: the database is up.
    expect((await t.get('health')).status).toBe(200);

    await relay.open();
    const back = await waitFor(
      () => t.get('user', { token: user.token }),
      (res) => res.status === 200,
    );
    expect(back.status).toBe(200);
    await traffic.stop();
    const statuses = traffic.answers.map((res) => res.status);
    expect(statuses.filter((status) => ![200, 404, 503].includes(status))).toEqual([]);
    expect(statuses).toContain(503);
  }, 60_000);
});
