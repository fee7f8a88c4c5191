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

export function readTicks(pid: number): ProcessTicks | null {
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

/** What a span cost, in ms of CPU; null where /proc could not be read. */
export interface CpuUsage {
  serverMs: number | null;
  postgresMs: number | null;
  /** Backends that ended inside the span: counted up to the last sample that saw them. */
  backendsEnded: number;
}

interface Seen {
  first: ProcessTicks;
  last: ProcessTicks;
  /** Already running when the span began (else all its time is inside the span). */
  before: boolean;
  ended: boolean;
}

/**
 * Follows the CPU of a server process and of the bench database's backends over a span: a
 * sample at the start, one every `everyMs` (so a backend that ends inside the span is counted
 * up to its last sample), and one at the end.
 */
export class CpuWatch {
  private readonly backends = new Map<number, Seen>();
  private readonly server: ProcessTicks | null;
  private timer: NodeJS.Timeout | null = null;
  private sampling: Promise<void> = Promise.resolve();

  private constructor(
    private readonly db: Client,
    private readonly serverPid: number,
  ) {
    this.server = readTicks(serverPid);
  }

  static async start(db: Client, serverPid: number, everyMs = 500): Promise<CpuWatch> {
    const watch = new CpuWatch(db, serverPid);
    await watch.sample(true);
    watch.timer = setInterval(() => {
      watch.sampling = watch.sampling.then(() => watch.sample(false)).catch(() => undefined);
    }, everyMs);
    return watch;
  }

  private async sample(first: boolean): Promise<void> {
    const pids = new Set([...this.backends.keys(), ...(await backendPids(this.db))]);
    for (const pid of pids) {
      const seen = this.backends.get(pid);
      if (seen?.ended) continue;
      const now = readTicks(pid);
      if (seen) {
        if (now && now.start === seen.first.start) seen.last = now;
        else seen.ended = true;
      } else if (now) {
        this.backends.set(pid, { first: now, last: now, before: first, ended: false });
      }
    }
  }

  async stop(): Promise<CpuUsage> {
    if (this.timer) clearInterval(this.timer);
    await this.sampling;
    await this.sample(false);
    const server = readTicks(this.serverPid);
    const toMs = (ticks: number) => (ticks * 1000) / TICKS_PER_SECOND;
    let ticks = 0;
    let ended = 0;
    for (const seen of this.backends.values()) {
      ticks += seen.last.ticks - (seen.before ? seen.first.ticks : 0);
      if (seen.ended) ended += 1;
    }
    return {
      serverMs:
        this.server && server && server.start === this.server.start
          ? toMs(server.ticks - this.server.ticks)
          : null,
      // None readable (not this machine, or no right to read them): unknown, not zero.
      postgresMs: this.backends.size > 0 ? toMs(ticks) : null,
      backendsEnded: ended,
    };
  }
}
