import autocannon from 'autocannon';
import { Client } from 'pg';
import { Outcome } from './report';
import { BenchRequest, Scenario } from './scenarios';

/** What one autocannon run of a scenario gave. Latencies are those of 2xx answers, in ms. */
export interface Slice {
  seconds: number;
  ok: number;
  statusCodes: Map<string, number>;
  errors: number;
  timeouts: number;
  latencies: number[];
  /** What the slice cost the server process and PostgreSQL (filled in by the runner). */
  cost?: SliceCost;
}

/**
 * CPU and statements from the start of a measured slice until the database is idle after it;
 * null where they could not be read.
 */
export interface SliceCost {
  serverCpuMs: number | null;
  postgresCpuMs: number | null;
  /** PostgreSQL backends that ended inside the slice (counted up to their last sample). */
  backendsEnded: number;
  statements: number | null;
  /** Requests the server began to serve, including those still in flight when the load stopped. */
  served: number | null;
}

export function toParams(request: BenchRequest): {
  headers: Record<string, string>;
  body?: string;
} {
  const headers: Record<string, string> = { authorization: `Bearer ${request.token}` };
  if (request.body === undefined) return { headers };
  headers['content-type'] = 'application/json';
  return { headers, body: JSON.stringify(request.body) };
}

/** Runs the scenario for `seconds` with `connections` (bounded: stopped 30 s past its time). */
export async function load(
  base: string,
  scenario: Scenario,
  options: { connections: number; seconds: number; counterStart: number },
): Promise<Slice> {
  let i = options.counterStart;
  const latencies: number[] = [];
  const instance = autocannon({
    url: base,
    connections: options.connections,
    duration: options.seconds,
    timeout: 10,
    requests: [
      {
        setupRequest: (request) => {
          const next = scenario.request(i++);
          const { headers, body } = toParams(next);
          const built: autocannon.RequestParams = {
            ...request,
            method: next.method,
            path: next.path,
            headers: { ...request.headers, ...headers },
          };
          if (body !== undefined) built.body = body;
          return built;
        },
      },
    ],
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const guard = setTimeout(() => instance.stop(), (options.seconds + 30) * 1000);
  try {
    const result = await instance;
    return {
      seconds: result.duration,
      ok: result['2xx'],
      statusCodes: new Map(
        Object.entries(result.statusCodeStats).map(([code, stats]) => [code, stats.count]),
      ),
      errors: result.errors,
      timeouts: result.timeouts,
      latencies,
    };
  } finally {
    clearTimeout(guard);
  }
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** Merges the slices of a scenario (from the rounds) into its outcome. */
export function summarize(scenario: Scenario, checkNote: string | null, slices: Slice[]): Outcome {
  const seconds = slices.reduce((sum, s) => sum + s.seconds, 0);
  const ok = slices.reduce((sum, s) => sum + s.ok, 0);
  const errors = slices.reduce((sum, s) => sum + s.errors, 0);
  const timeouts = slices.reduce((sum, s) => sum + s.timeouts, 0);
  const codes = new Map<string, number>();
  for (const slice of slices) {
    for (const [code, count] of slice.statusCodes) codes.set(code, (codes.get(code) ?? 0) + count);
  }
  const non2xxCodes = [...codes].filter(([code]) => !code.startsWith('2'));
  const non2xx = non2xxCodes.reduce((sum, [, count]) => sum + count, 0);
  const latencies = slices.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const notes = [checkNote];
  if (non2xx > 0) {
    notes.push(
      `non-2xx answers: ${non2xxCodes.map(([code, count]) => `${count} × ${code}`).join(', ')}`,
    );
  }
  if (errors > 0) notes.push(`${errors} connection errors (${timeouts} timeouts)`);
  if (ok + non2xx === 0) notes.push(`no request completed in ${seconds.toFixed(0)} s`);
  const measured = latencies.length > 0;
  // Per request the server served: the cost is taken until the database is idle again, so it
  // holds the requests still in flight when the load stopped, which the server finished
  // unanswered; requests written but never read (their connection closed first) cost nothing.
  const perRequest = (pick: (cost: SliceCost) => number | null): number | undefined => {
    let sum = 0;
    let served = 0;
    for (const slice of slices) {
      const value = slice.cost ? pick(slice.cost) : null;
      const count = slice.cost?.served ?? null;
      if (value === null || count === null) return undefined;
      sum += value;
      served += count;
    }
    return served > 0 ? sum / served : undefined;
  };
  const ended = slices.reduce((sum, s) => sum + (s.cost?.backendsEnded ?? 0), 0);
  if (ended > 0) {
    notes.push(
      `${ended} backend(s) of the bench database ended inside a slice (a pool closing ` +
        "connections idle for 10 s, usually the other server's): counted up to the last " +
        'sample that saw them (at most 0.5 s before they ended)',
    );
  }
  return {
    scenario,
    state: 'measured',
    note: notes.filter((n): n is string => n !== null).join('; ') || null,
    rps: seconds > 0 ? ok / seconds : 0,
    p50Ms: measured ? percentile(latencies, 0.5) : undefined,
    p99Ms: measured ? percentile(latencies, 0.99) : undefined,
    requests: ok + non2xx + errors,
    serverCpuMsPerRequest: perRequest((cost) => cost.serverCpuMs),
    postgresCpuMsPerRequest: perRequest((cost) => cost.postgresCpuMs),
    statementsPerRequest: perRequest((cost) => cost.statements),
    non2xx,
    errors,
  };
}

/**
 * Waits until no query of the servers is running in the bench database (three quiet samples
 * 100 ms apart), at most `maxMs`: requests still in flight when a load stops would otherwise
 * eat into the next measurement. Returns how long it waited.
 */
export async function settle(db: Client, maxMs = 60_000): Promise<number> {
  const started = Date.now();
  let quiet = 0;
  while (Date.now() - started < maxMs) {
    const result = await db.query<{ busy: number }>(
      `SELECT count(*)::int AS busy FROM pg_stat_activity
       WHERE datname = current_database() AND backend_type = 'client backend'
         AND state <> 'idle' AND pid <> pg_backend_pid()`,
    );
    quiet = result.rows[0].busy === 0 ? quiet + 1 : 0;
    if (quiet >= 3) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Date.now() - started;
}
