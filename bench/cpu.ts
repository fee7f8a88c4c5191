import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';

/**
 * CPU time spent in a measured window, from the kernel's own accounting (`/proc/<pid>/stat`,
 * utime + stime: user and system time of all the process's threads): the server process under
 * load, and the PostgreSQL backends serving the bench database. PostgreSQL runs on this machine
 * (the bench accepts only a local database) and the bench runs as root, so it can read them.
 */

/** Clock ticks per second of the /proc counters (`getconf CLK_TCK`, 100 on Linux). */
export const TICKS_PER_SECOND = (() => {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
    return Number.isFinite(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
})();

interface ProcessTicks {
  /** utime + stime, in ticks. */
  ticks: number;
  /** When the process started (ticks after boot): tells a reused pid from the same process. */
  start: number;
}

function readTicks(pid: number): ProcessTicks | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Fields after the command name, which is in parentheses and may hold spaces: the first is
  // field 3 (state); utime and stime are fields 14 and 15, starttime field 22.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const start = Number(fields[19]);
  if (![utime, stime, start].every(Number.isFinite)) return null;
  return { ticks: utime + stime, start };
}

/** The client backends of the bench database, but the bench's own connection. */
async function backendPids(db: Client): Promise<number[]> {
  const result = await db.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity
     WHERE datname = current_database() AND backend_type = 'client backend'
       AND pid <> pg_backend_pid()`,
  );
  return result.rows.map((row) => row.pid);
}

export interface CpuMark {
  server: ProcessTicks | null;
  backends: Map<number, ProcessTicks>;
}

/** What a window cost, in ms of CPU; null where /proc could not be read. */
export interface CpuUsage {
  serverMs: number | null;
  postgresMs: number | null;
  /** Backends seen at the start that were gone at the end: their last part is not counted. */
  backendsEnded: number;
}

export async function markCpu(db: Client, serverPid: number): Promise<CpuMark> {
  const pids = await backendPids(db);
  const backends = new Map<number, ProcessTicks>();
  for (const pid of pids) {
    const ticks = readTicks(pid);
    if (ticks) backends.set(pid, ticks);
  }
  return { server: readTicks(serverPid), backends };
}

export async function cpuSince(before: CpuMark, db: Client, serverPid: number): Promise<CpuUsage> {
  const server = readTicks(serverPid);
  const toMs = (ticks: number) => (ticks * 1000) / TICKS_PER_SECOND;
  const serverMs =
    before.server && server && server.start === before.server.start
      ? toMs(server.ticks - before.server.ticks)
      : null;
  const pids = new Set([...before.backends.keys(), ...(await backendPids(db))]);
  let ticks = 0;
  let ended = 0;
  let readable = before.backends.size > 0 || pids.size === 0;
  for (const pid of pids) {
    const now = readTicks(pid);
    const then = before.backends.get(pid);
    if (!now || (then && now.start !== then.start)) {
      if (then) ended += 1;
      continue;
    }
    readable = true;
    // A backend that started inside the window spent all its time in it.
    ticks += now.ticks - (then?.ticks ?? 0);
  }
  return { serverMs, postgresMs: readable ? toMs(ticks) : null, backendsEnded: ended };
}
