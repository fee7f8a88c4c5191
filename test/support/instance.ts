import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const MAIN = resolve(__dirname, '../../dist/src/main.js');

export interface Instance {
  process: ChildProcess;
  baseUrl: string;
}

/** Fails early, with the fix, when the built server a multi-instance test needs is missing. */
export function requireBuiltServer(): void {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build before this test`);
}

/** Another Party process (the built server) on the given database, with extra environment. */
export async function startInstance(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<Instance> {
  const { REDIS_URL: _redis, ...baseEnv } = process.env;
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...baseEnv,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      PORT: '0',
      DATABASE_URL: databaseUrl,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'party-b-')),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const baseUrl = await new Promise<string>((resolveUrl, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Party listening on (\S+)/.exec(output);
      if (match) resolveUrl(match[1].replace('[::1]', '127.0.0.1'));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`instance exited (${code}): ${output}`)));
  });
  return { process: child, baseUrl };
}

/** kill -9, and waits for the process to be gone. */
export async function kill(instance: Instance): Promise<void> {
  if (instance.process.exitCode !== null) return;
  const exited = new Promise((done) => instance.process.once('exit', done));
  instance.process.kill('SIGKILL');
  await exited;
}
