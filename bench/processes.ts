import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createWriteStream, WriteStream } from 'node:fs';
import { createServer } from 'node:net';

/** Every child the bench started; all of them are stopped on exit, failure or interrupt. */
const children = new Set<ChildProcess>();

export interface Child {
  process: ChildProcess;
  name: string;
  /** The last lines it wrote (stdout and stderr), for error messages. */
  tail(): string;
  /** Resolves when it exits. */
  exited: Promise<number | null>;
}

export function startChild(
  name: string,
  command: string,
  args: string[],
  options: SpawnOptions & { logFile?: string; ipc?: boolean },
): Child {
  const { logFile: _logFile, ipc, ...spawnOptions } = options;
  const proc = spawn(command, args, {
    ...spawnOptions,
    stdio: ipc ? ['pipe', 'pipe', 'pipe', 'ipc'] : ['pipe', 'pipe', 'pipe'],
  });
  children.add(proc);
  const lines: string[] = [];
  let log: WriteStream | null = null;
  if (options.logFile) log = createWriteStream(options.logFile, { flags: 'a' });
  const record = (chunk: Buffer) => {
    log?.write(chunk);
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line);
      if (lines.length > 40) lines.shift();
    }
  };
  proc.stdout?.on('data', record);
  proc.stderr?.on('data', record);
  const exited = new Promise<number | null>((resolve) => {
    proc.once('exit', (code) => {
      children.delete(proc);
      log?.end();
      resolve(code);
    });
    proc.once('error', (error) => {
      children.delete(proc);
      lines.push(`${name}: ${error.message}`);
      log?.end();
      resolve(null);
    });
  });
  return { process: proc, name, tail: () => lines.join('\n'), exited };
}

/** Stops one child: SIGTERM, then SIGKILL if it is still there after `graceMs`. */
export async function stopChild(child: Child, graceMs = 5_000): Promise<void> {
  const proc = child.process;
  if (proc.exitCode !== null || proc.signalCode !== null || proc.pid === undefined) return;
  proc.kill('SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs));
  if ((await Promise.race([child.exited, timer])) === 'timeout') {
    proc.kill('SIGKILL');
    await child.exited;
  }
}

let counterQuestions = 0;

/** What a server child has done so far (bench/server-counters.ts). */
export interface ServerCounters {
  statements: number;
  requests: number;
}

/**
 * The counters of a child started with bench/server-counters.ts preloaded and an IPC channel,
 * or null when it does not answer within 5 s.
 */
export function serverCounters(child: Child): Promise<ServerCounters | null> {
  const proc = child.process;
  if (!proc.connected) return Promise.resolve(null);
  counterQuestions += 1;
  const id = counterQuestions;
  return new Promise((resolve) => {
    const done = (counters: ServerCounters | null) => {
      clearTimeout(timer);
      proc.off('message', onMessage);
      resolve(counters);
    };
    const onMessage = (message: unknown) => {
      const answer = message as Partial<ServerCounters> & { benchCounters?: unknown };
      if (
        answer?.benchCounters === id &&
        typeof answer.statements === 'number' &&
        typeof answer.requests === 'number'
      ) {
        done({ statements: answer.statements, requests: answer.requests });
      }
    };
    const timer = setTimeout(() => done(null), 5_000);
    proc.on('message', onMessage);
    proc.send({ benchCounters: id }, (error) => {
      if (error) done(null);
    });
  });
}

/** Last resort (process exit): kill whatever is left, synchronously. */
export function killAllChildrenNow(): void {
  for (const proc of children) {
    if (proc.pid !== undefined && proc.exitCode === null) {
      try {
        proc.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  children.clear();
}

/** Runs a command to completion (output inherited), failing after `timeoutMs`. */
export async function runCommand(
  name: string,
  command: string,
  args: string[],
  options: SpawnOptions,
  timeoutMs: number,
): Promise<void> {
  const child = startChild(name, command, args, options);
  child.process.stdout?.pipe(process.stdout);
  child.process.stderr?.pipe(process.stderr);
  child.process.stdin?.end();
  const timer = new Promise<'timeout'>((resolve) =>
    setTimeout(() => resolve('timeout'), timeoutMs).unref(),
  );
  const outcome = await Promise.race([child.exited, timer]);
  if (outcome === 'timeout') {
    await stopChild(child, 2_000);
    throw new Error(`${name} did not finish within ${Math.round(timeoutMs / 1000)} s`);
  }
  if (outcome !== 0) throw new Error(`${name} failed (exit code ${String(outcome)})`);
}

/** A TCP port on 127.0.0.1 that is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 200; fails if the child exits or `timeoutMs` passes. */
export async function waitUntilReady(child: Child, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void child.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${child.name} exited during start-up:\n${child.tail()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `${child.name} was not ready within ${Math.round(timeoutMs / 1000)} s:\n${child.tail()}`,
  );
}

/**
 * The node flags `npm start` runs Party with (package.json's `start`: `node <flags> <entry>`);
 * the bench runs Party, and the raw server beside it, with the same.
 */
export function startNodeFlags(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const words = manifest.scripts.start.trim().split(/\s+/);
  return words.slice(1, -1);
}
