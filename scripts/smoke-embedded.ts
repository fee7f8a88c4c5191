/**
 * Starts the built server with no DATABASE_URL (embedded PostgreSQL in a fresh DATA_DIR), checks
 * health, writes data through the API, stops it, starts it again and reads the data back.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const main = join(__dirname, '..', 'src', 'main.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForHealth(base: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early with ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/api/party/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error('server did not become healthy in 120 s');
}

function start(dataDir: string, port: number): ChildProcess {
  const child = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  child.kill('SIGTERM');
  const code = await exited;
  if (code !== 0) throw new Error(`server stopped with exit code ${code}`);
}

async function call(base: string, method: string, path: string, body?: unknown, token?: string) {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

function expectStatus(what: string, actual: number, expected: number, body: unknown): void {
  if (actual !== expected)
    throw new Error(`${what}: expected ${expected}, got ${actual} ${JSON.stringify(body)}`);
  process.stdout.write(`ok - ${what}\n`);
}

async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'party-smoke-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const mobile = '15158166372';
  const password = 'smoke-Passw0rd';
  try {
    let server = start(dataDir, port);
    await waitForHealth(base, server);
    process.stdout.write('ok - embedded server healthy\n');

    const sent = await call(base, 'POST', '/api/party/auth/verify-codes', {
      mobile,
      phone_code: '86',
      purpose: 'register',
    });
    expectStatus('send a verify code', sent.status, 201, sent.body);
    const outbox = readFileSync(join(dataDir, 'sms-outbox.jsonl'), 'utf8').trim().split('\n');
    const { code } = JSON.parse(outbox[outbox.length - 1]) as { code: string };
    const registered = await call(base, 'POST', '/api/party/auth/register', {
      username: 'smoke2026',
      password,
      mobile,
      phone_code: '86',
      verify_code: code,
      nickname: '冒烟测试',
    });
    expectStatus('register', registered.status, 201, registered.body);

    await stop(server);
    process.stdout.write('ok - stopped\n');
    server = start(dataDir, port);
    await waitForHealth(base, server);
    process.stdout.write('ok - restarted on the same DATA_DIR\n');

    const token = await call(base, 'POST', '/oauth/token', {
      grant_type: 'password',
      username: 'smoke2026',
      password,
    });
    expectStatus('sign in after the restart', token.status, 200, token.body);
    const me = await call(
      base,
      'GET',
      '/api/party/user',
      undefined,
      String(token.body.access_token),
    );
    expectStatus('read the profile written before the restart', me.status, 200, me.body);
    if (me.body.nickname !== '冒烟测试')
      throw new Error(`nickname lost: ${JSON.stringify(me.body)}`);
    await stop(server);
    process.stdout.write('smoke test passed\n');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

run().catch((error: unknown) => {
  process.stderr.write(
    `smoke test failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
