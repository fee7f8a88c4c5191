/**
 * The realtime scenarios (bench/README.md, "Realtime"): delivery latency over WebSockets, the
 * fan-out of a message to the group of 10,000, catch-up through `GET events` and the memory of
 * idle connections. The sockets live in a client pool child process (bench/realtime-clients.ts),
 * which also makes the timed sends, so both ends of a latency are stamped by one clock.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { benchId, DATASET as D, sqlId, tokenOf } from './dataset';
import { percentile } from './measure';
import { Child, startChild, stopChild } from './processes';
import { FanoutRound, PoolCommand, PoolReply, PoolRequest, PoolResults } from './realtime-protocol';
import { RealtimeMetric, RealtimeOutcome } from './report';
import { PAIR_RECIPIENTS } from './scenarios';

const ROOT = path.resolve(__dirname, '..');
const API = '/api/party';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

const PAIRS = range(1, D.privatePairs).map((k) => ({ sender: k, recipient: D.privatePairs + k }));
/** Sockets of the memory scenario (one per user: the per-token limit is 10). */
const MEMORY_SOCKETS = 5_000;
/** A frame later than this after its answer counts as lost. */
const GRACE_MS = 5_000;

/** The WebSocket client pool child process, driven over IPC. */
export class ClientPool {
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve(value: unknown): void; reject(error: Error): void }
  >();

  private constructor(private readonly child: Child) {
    child.process.on('message', (message: PoolReply) => {
      if ('ready' in message) return;
      const waiter = this.waiting.get(message.id);
      if (!waiter) return;
      this.waiting.delete(message.id);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new Error(`client pool: ${message.error}`));
    });
    void child.exited.then(() => {
      for (const waiter of this.waiting.values()) {
        waiter.reject(new Error(`client pool exited:\n${child.tail()}`));
      }
      this.waiting.clear();
    });
  }

  static async start(partyUrl: string, secret: string, logFile: string): Promise<ClientPool> {
    const child = startChild(
      'WebSocket client pool',
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'bench', 'realtime-clients.ts')],
      {
        cwd: ROOT,
        ipc: true,
        logFile,
        env: { ...process.env, BENCH_PARTY_URL: partyUrl, BENCH_TOKEN_SECRET: secret },
      },
    );
    const ready = new Promise<boolean>((resolve) => {
      child.process.on('message', (message: PoolReply) => {
        if ('ready' in message) resolve(true);
      });
      void child.exited.then(() => resolve(false));
      setTimeout(() => resolve(false), 60_000).unref();
    });
    if (!(await ready)) {
      await stopChild(child, 1_000);
      throw new Error(`The WebSocket client pool did not start:\n${child.tail()}`);
    }
    return new ClientPool(child);
  }

  /** Runs one command in the pool, failing after `timeoutMs`. */
  run<C extends PoolCommand>(body: C, timeoutMs: number): Promise<PoolResults[C['command']]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`client pool: "${body.command}" took over ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as PoolResults[C['command']]);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      const request: PoolRequest = { id, body };
      this.child.process.send(request);
    });
  }

  /** Keeps exactly these users connected; fails when more than 1 % of the sockets would not open. */
  async hold(users: readonly number[]): Promise<PoolResults['hold']> {
    const result = await this.run({ command: 'hold', users: [...users] }, 240_000);
    if (result.failed > users.length * 0.01) {
      throw new Error(
        `${result.failed} of ${users.length} WebSockets did not open: ${result.failures.join('; ')}`,
      );
    }
    return result;
  }

  async stop(): Promise<void> {
    if (this.child.process.connected) {
      await this.run({ command: 'exit' }, 15_000).catch(() => undefined);
    }
    const exited = await Promise.race([this.child.exited, sleep(15_000).then(() => 'timeout')]);
    if (exited === 'timeout') await stopChild(this.child, 2_000);
  }

  /** Its output (for the log). */
  tail(): string {
    return this.child.tail();
  }
}

export interface RealtimeContext {
  partyUrl: string;
  secret: string;
  /** The Party server's process id (its memory is read from /proc). */
  serverPid: number;
  db: Client;
  pool(): Promise<ClientPool>;
  /** Measured seconds of the latency scenario, and its warm-up. */
  seconds: number;
  warmup: number;
  /** Sends per second of the latency scenario. */
  rate: number;
  fanoutRepeats: number;
  log(line: string): void;
}

interface RunResult {
  metrics: RealtimeMetric[];
  notes: string[];
  /** A reason the numbers are not to be trusted (then the scenario is reported failed). */
  failure?: string;
}

export interface RealtimeScenario {
  key: string;
  title: string;
  measures: string;
  run(context: RealtimeContext): Promise<RunResult>;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** The server's closes of pool sockets, if any. */
function closesNote(closes: Record<string, number>): string[] {
  const entries = Object.entries(closes);
  if (entries.length === 0) return [];
  return [
    `the server closed sockets: ${entries.map(([code, count]) => `${count} × ${code}`).join(', ')}`,
  ];
}

function heldNote(held: PoolResults['hold']): string {
  const opening =
    held.opened === 0
      ? 'already open'
      : `${held.opened} opened in ${(held.ms / 1000).toFixed(1)} s, 50 upgrades at a time`;
  const failed =
    held.failed > 0 ? `; ${held.failed} did not open (${held.failures.join('; ')})` : '';
  return [`${held.open} sockets open (${opening})${failed}`, ...closesNote(held.serverCloses)].join(
    '; ',
  );
}

function sorted(values: number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

function median(values: number[]): number {
  return percentile(sorted(values), 0.5);
}

/** A metric with an upper limit: "met" when the value is below it (and nothing was lost). */
function limited(
  name: string,
  value: number,
  limit: number,
  text: (n: number) => string,
  blocker: string | null,
): RealtimeMetric {
  return {
    name,
    value: text(value),
    target: `< ${text(limit)}`,
    ratio: value / limit,
    met: blocker === null && value < limit,
  };
}

function latencyMetrics(prefix: string, values: number[]): RealtimeMetric[] {
  if (values.length === 0) return [{ name: prefix, value: 'none arrived' }];
  const s = sorted(values);
  return [
    { name: `${prefix}, p50`, value: ms(percentile(s, 0.5)) },
    { name: `${prefix}, p99`, value: ms(percentile(s, 0.99)) },
    { name: `${prefix}, max`, value: ms(s[s.length - 1]) },
  ];
}

function statusNote(codes: Record<string, number>): string | null {
  const other = Object.entries(codes).filter(([code]) => code !== '201');
  if (other.length === 0) return null;
  return `answers other than 201: ${other
    .map(([code, count]) => `${count} × ${code === '0' ? 'no answer' : code}`)
    .join(', ')}`;
}

/**
 * Samples, every 100 ms while `work` runs, the age of the oldest transaction holding an xid in
 * the bench database and in the cluster's other databases: xids are cluster-wide, so either
 * holds back the event log's horizon (events become visible when every older transaction ends).
 */
async function whileSamplingHorizon<T>(
  db: Client,
  work: Promise<T>,
): Promise<{ result: T; note: string | null }> {
  let running = true;
  const max = { own: 0, other: 0 };
  const sampler = (async () => {
    while (running) {
      const { rows } = await db.query<{ own: number; other: number }>(
        `SELECT coalesce(max(age) FILTER (WHERE own), 0)::float8 AS own,
                coalesce(max(age) FILTER (WHERE NOT own), 0)::float8 AS other
         FROM (SELECT extract(epoch FROM clock_timestamp() - xact_start) * 1000 AS age,
                      datname IS NOT DISTINCT FROM current_database() AS own
               FROM pg_stat_activity
               WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()) t`,
      );
      max.own = Math.max(max.own, rows[0].own);
      max.other = Math.max(max.other, rows[0].other);
      await sleep(100);
    }
  })().catch(() => undefined);
  try {
    const result = await work;
    return {
      result,
      note:
        `oldest write transaction seen (sampled every 100 ms): ${max.own.toFixed(0)} ms in ` +
        `the bench database, ${max.other.toFixed(0)} ms in other databases of this PostgreSQL` +
        (Math.max(max.own, max.other) > 1000
          ? ' (xids are cluster-wide: no event written after such a transaction began is ' +
            'delivered before it ends, so this run measured that wait)'
          : ''),
    };
  } finally {
    running = false;
    await sampler;
  }
}

const wsLatency: RealtimeScenario = {
  key: 'ws-latency',
  title: 'WebSocket delivery latency, 1,000 connections',
  measures:
    '1,000 WebSockets open (the recipients of the 1,000 private pairs), private sends at a ' +
    'steady rate (`BENCH_WS_RATE`, default 100/s, for `BENCH_DURATION` s, open loop), each to ' +
    "a connected recipient: time from the send's 201 answer to its `message.created` frame on " +
    "the recipient's socket (and from the request's start), stamped by one process's clock.",
  async run(context) {
    const pool = await context.pool();
    const notes = [heldNote(await pool.hold(PAIR_RECIPIENTS))];
    await sleep(1_000);
    const command = { command: 'latency' as const, pairs: PAIRS, rate: context.rate };
    const timeout = (seconds: number) => (seconds + 60) * 1000;
    if (context.warmup > 0) {
      await pool.run(
        { ...command, seconds: context.warmup, tag: `warm-${Date.now()}`, graceMs: GRACE_MS },
        timeout(context.warmup),
      );
    }
    const sampled = await whileSamplingHorizon(
      context.db,
      pool.run(
        { ...command, seconds: context.seconds, tag: `lat-${Date.now()}`, graceMs: GRACE_MS },
        timeout(context.seconds),
      ),
    );
    const result = sampled.result;
    if (result.tailSeconds > 1) {
      notes.push(
        `the server fell behind the rate: the last answer came ${result.tailSeconds.toFixed(1)} s ` +
          'after the last send started, so the times include its queue',
      );
    }
    if (sampled.note) notes.push(sampled.note);
    notes.push(...closesNote(result.serverCloses));
    const statuses = statusNote(result.statusCodes);
    if (statuses) notes.push(statuses);
    if (result.lost > 0) {
      notes.push(
        `${result.lost} of ${result.ok} frames did not arrive within ${GRACE_MS / 1000} s`,
      );
    }
    const blocker = result.lost > 0 ? 'frames lost' : null;
    const fromAnswer = sorted(result.fromAnswer);
    const early = fromAnswer.filter((value) => value < 0).length;
    if (early > 0) {
      notes.push(
        `${early} of ${fromAnswer.length} frames arrived before their send's answer (negative ` +
          'times: the event is dispatched at commit, the answer is written after it)',
      );
    }
    const rate = result.seconds > 0 ? (result.sent - 1) / result.seconds : result.sent;
    const metrics: RealtimeMetric[] = [
      {
        name: 'sends (201) / frames received',
        value: `${result.ok} / ${fromAnswer.length} at ${rate.toFixed(0)} sends/s`,
      },
      ...latencyMetrics('after the 201', fromAnswer).map((metric) =>
        metric.name.endsWith('p99') && fromAnswer.length > 0
          ? limited(metric.name, percentile(fromAnswer, 0.99), 50, ms, blocker)
          : metric,
      ),
      ...latencyMetrics('after the request started', result.fromStart),
      ...latencyMetrics('the send itself (201 answer)', result.answerMs).slice(0, 2),
      {
        name: 'sends in flight (rate × mean answer time)',
        value: (
          (rate * result.answerMs.reduce((sum, value) => sum + value, 0)) /
          Math.max(1, result.answerMs.length) /
          1000
        ).toFixed(1),
      },
    ];
    const failure =
      result.ok < result.sent * 0.99
        ? `only ${result.ok} of ${result.sent} sends answered 201`
        : undefined;
    return { metrics, notes, failure };
  },
};

function fanoutMetrics(rounds: FanoutRound[], blocker: string | null): RealtimeMetric[] {
  const complete = rounds.filter((round) => round.fromAnswer.length > 0);
  if (complete.length === 0) return [{ name: 'last socket after the 201', value: 'none arrived' }];
  const last = complete.map((round) => round.fromAnswer[round.fromAnswer.length - 1]);
  const first = complete.map((round) => round.fromAnswer[0]);
  const middle = complete.map((round) => percentile(round.fromAnswer, 0.5));
  const fromStart = complete.flatMap((round) =>
    round.lastFromStart === null ? [] : [round.lastFromStart],
  );
  return [
    {
      name: 'sockets reached / connected',
      value: rounds.map((round) => `${round.received}/${round.sockets}`).join(', '),
    },
    { name: 'last socket after the 201, median of sends', value: ms(median(last)) },
    limited('last socket after the 201, max of sends', Math.max(...last), 1000, ms, blocker),
    { name: 'first socket after the 201, median', value: ms(median(first)) },
    { name: 'median socket after the 201, median', value: ms(median(middle)) },
    { name: 'last socket after the request started, max', value: ms(Math.max(...fromStart)) },
    {
      name: 'the send itself (201 answer), median',
      value: ms(median(rounds.map((r) => r.answerMs))),
    },
  ];
}

const wsFanout: RealtimeScenario = {
  key: 'ws-fanout-10k',
  title: 'WebSocket fan-out, group of 10,000, 1,000 connected',
  measures:
    '1,000 members of the group of 10,000 connected (users 1,001-2,000); one member who is not ' +
    'connected sends to the group, `BENCH_FANOUT_REPEATS` times (default 5, after one warm-up ' +
    'send, 0.5 s apart): time from the 201 answer until the last connected member has the ' +
    '`message.created` frame.',
  async run(context) {
    const pool = await context.pool();
    const notes = [heldNote(await pool.hold(PAIR_RECIPIENTS))];
    await sleep(1_000);
    const command = {
      command: 'fanout' as const,
      sender: 1,
      group: D.bigGroup,
      waitMs: GRACE_MS,
      gapMs: 500,
    };
    await pool.run({ ...command, repeats: 1, tag: `fan-warm-${Date.now()}` }, 60_000);
    const sampled = await whileSamplingHorizon(
      context.db,
      pool.run(
        { ...command, repeats: context.fanoutRepeats, tag: `fan-${Date.now()}` },
        (context.fanoutRepeats + 1) * (GRACE_MS + 30_000),
      ),
    );
    const { rounds, serverCloses } = sampled.result;
    if (sampled.note) notes.push(sampled.note);
    notes.push(...closesNote(serverCloses));
    const failedSends = rounds.filter((round) => round.status !== 201);
    if (failedSends.length > 0) {
      notes.push(
        `sends not answered 201: ${failedSends.map((round) => round.status || 'no answer').join(', ')}`,
      );
    }
    const incomplete = rounds.filter((round) => round.received < round.sockets);
    if (incomplete.length > 0) {
      notes.push(
        `${incomplete.length} of ${rounds.length} sends did not reach every socket within ` +
          `${GRACE_MS / 1000} s`,
      );
    }
    return {
      metrics: fanoutMetrics(rounds, incomplete.length > 0 ? 'incomplete' : null),
      notes,
      failure: failedSends.length > 0 ? 'a group send failed' : undefined,
    };
  },
};

async function api(
  context: RealtimeContext,
  method: 'GET' | 'POST',
  route: string,
  user: number,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${context.partyUrl}${API}/${route}`, {
    method,
    headers: {
      authorization: `Bearer ${tokenOf(context.secret, user)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed };
}

interface Drain {
  ms: number;
  events: number;
  pages: number[];
  problem: string | null;
}

/** Reads every page after `cursor` (at most 1,000 pages, 120 s). */
async function drain(context: RealtimeContext, cursor: string): Promise<Drain> {
  const started = performance.now();
  const pages: number[] = [];
  let events = 0;
  let last = '';
  for (let page = 0; page < 1000 && performance.now() - started < 120_000; page++) {
    const t0 = performance.now();
    const answer = await api(
      context,
      'GET',
      `events?cursor=${encodeURIComponent(cursor)}`,
      D.catchUpUser,
    );
    pages.push(performance.now() - t0);
    if (answer.status !== 200) {
      return { ms: 0, events, pages, problem: `GET events answered ${answer.status}` };
    }
    const data = answer.body.data as { id: string }[];
    events += data.length;
    if (data.length > 0) last = data[data.length - 1].id;
    cursor = answer.body.next_cursor as string;
    if (!answer.body.has_more) {
      return { ms: performance.now() - started, events, pages, problem: null };
    }
  }
  return { ms: 0, events, pages, problem: `not drained within 1,000 pages / 120 s (last ${last})` };
}

const eventsCatchUp: RealtimeScenario = {
  key: 'events-catchup-10k',
  title: 'Catch-up of 10,000 missed events through GET events',
  measures:
    '10,000 `message.created` events for one user (no conversations of his own), written ' +
    'straight into `event_log` and `event_recipients` after his cursor, each a copy of a real ' +
    "send's stored event with its own id, seq, 100-character content and one of 20 senders; " +
    'then `GET events?cursor=` pages (100 events each) from that cursor until `has_more` is ' +
    'false: one warm-up drain, then 3 measured ones.',
  async run(context) {
    const head = await api(context, 'GET', 'events', D.catchUpUser);
    if (head.status !== 200) throw new Error(`GET events answered ${head.status}`);
    const cursor = head.body.next_cursor as string;
    const template = await api(context, 'POST', 'messages', 1, {
      to_user: benchId('user', D.privatePairs + 1),
      message_type: 'text',
      content: `catch-up template ${Date.now()}`,
    });
    if (template.status !== 201) throw new Error(`the template send answered ${template.status}`);
    const t0 = performance.now();
    const inserted = await context.db.query(
      `WITH template AS (
         SELECT data FROM event_log WHERE type = 'message.created' AND data->>'id' = $1
         ORDER BY id DESC LIMIT 1
       ), e AS (
         INSERT INTO event_log (type, data, created_at)
         SELECT 'message.created',
                t.data || jsonb_build_object(
                  'id', gen_random_uuid()::text, 'seq', n,
                  'content', rpad('Missed message ' || n || ': ', 100, 'lorem ipsum dolor sit amet '),
                  'sender_id', s.id, 'sender', jsonb_build_object('$person', s.id),
                  'to_user', $2::text,
                  'created_at', to_char((now() - make_interval(secs => $3::int - n)) AT TIME ZONE 'UTC',
                                        'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
                now() - make_interval(secs => $3::int - n)
         FROM template t, generate_series(1, $3::int) n,
              LATERAL (SELECT ${sqlId('user', 'n % 20 + 1')}::text AS id) s
         ORDER BY n
         RETURNING id, xid
       )
       INSERT INTO event_recipients (user_id, xid, event_id) SELECT $2::uuid, xid, id FROM e`,
      [template.body.id, benchId('user', D.catchUpUser), D.catchUpEvents],
    );
    if (inserted.rowCount !== D.catchUpEvents) {
      throw new Error(`wrote ${String(inserted.rowCount)} events, not ${D.catchUpEvents}`);
    }
    await context.db.query('ANALYZE event_log, event_recipients');
    const notes = [
      `wrote the events in ${((performance.now() - t0) / 1000).toFixed(1)} s (one transaction)`,
    ];
    await drain(context, cursor);
    const drains: Drain[] = [];
    for (let i = 0; i < 3; i++) drains.push(await drain(context, cursor));
    const problem = drains.find((d) => d.problem !== null)?.problem;
    if (problem) return { metrics: [], notes, failure: problem };
    const wrong = drains.find((d) => d.events !== D.catchUpEvents);
    if (wrong) notes.push(`a drain returned ${wrong.events} events, not ${D.catchUpEvents}`);
    const totals = drains.map((d) => d.ms);
    const pages = sorted(drains.flatMap((d) => d.pages));
    return {
      metrics: [
        {
          name: 'events / pages per drain',
          value: `${drains[0].events} / ${drains[0].pages.length}`,
        },
        { name: 'drain of every page, median of 3', value: ms(median(totals)) },
        { name: 'drain of every page, max of 3', value: ms(Math.max(...totals)) },
        {
          name: 'events per second (median drain)',
          value: `${((drains[0].events / median(totals)) * 1000).toFixed(0)} events/s`,
        },
        { name: 'one page, p50', value: ms(percentile(pages, 0.5)) },
        { name: 'one page, p99', value: ms(percentile(pages, 0.99)) },
      ],
      notes,
    };
  },
};

/** The resident set of a process, in KiB (VmRSS of /proc/<pid>/status). */
function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]);
}

const wsMemory: RealtimeScenario = {
  key: 'ws-memory-5k',
  title: 'Memory per idle WebSocket, 5,000 connections',
  measures:
    'RSS of the Party server process (`VmRSS`), with no socket open and 3 s after 5,000 idle ' +
    'WebSockets (users 1-5,000, one each) are open, the difference divided by 5,000; no ' +
    'forced garbage collection, so it includes garbage of the upgrades not yet collected.',
  async run(context) {
    const pool = await context.pool();
    await pool.hold([]);
    await sleep(3_000);
    const before = rssKiB(context.serverPid);
    const held = await pool.hold(range(1, MEMORY_SOCKETS));
    await sleep(3_000);
    const after = rssKiB(context.serverPid);
    const closing = performance.now();
    await pool.hold([]);
    const closeMs = performance.now() - closing;
    await sleep(3_000);
    const closed = rssKiB(context.serverPid);
    const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
    return {
      metrics: [
        {
          name: 'RSS per idle connection',
          value: `${((after - before) / held.open).toFixed(1)} KiB`,
        },
        {
          name: 'RSS without sockets / with / 3 s after closing',
          value: `${mib(before)} / ${mib(after)} / ${mib(closed)}`,
        },
        {
          name: 'opening the sockets',
          value: `${held.opened} in ${(held.ms / 1000).toFixed(1)} s (${(
            held.opened /
            (held.ms / 1000)
          ).toFixed(0)} upgrades/s, 50 at a time)`,
        },
        { name: 'closing them', value: `${(closeMs / 1000).toFixed(1)} s` },
      ],
      notes: [],
    };
  },
};

export const REALTIME_SCENARIOS: RealtimeScenario[] = [
  wsLatency,
  wsFanout,
  eventsCatchUp,
  wsMemory,
];

/** Runs each scenario; a failure is reported (with its reason), never thrown. */
export async function runRealtime(
  context: RealtimeContext,
  scenarios: RealtimeScenario[],
  settle: () => Promise<number>,
): Promise<RealtimeOutcome[]> {
  const outcomes: RealtimeOutcome[] = [];
  for (const scenario of scenarios) {
    const base = { key: scenario.key, title: scenario.title, measures: scenario.measures };
    const started = Date.now();
    try {
      const result = await scenario.run(context);
      const note = result.notes.join('; ') || null;
      outcomes.push(
        result.failure
          ? {
              ...base,
              state: 'failed',
              note: [result.failure, note].filter(Boolean).join('; '),
              metrics: [],
            }
          : { ...base, state: 'measured', note, metrics: result.metrics },
      );
    } catch (error) {
      outcomes.push({
        ...base,
        state: 'failed',
        note: error instanceof Error ? error.message : String(error),
        metrics: [],
      });
    }
    await settle();
    const outcome = outcomes[outcomes.length - 1];
    context.log(
      `Realtime ${scenario.key}: ${outcome.state} in ${((Date.now() - started) / 1000).toFixed(0)} s` +
        (outcome.state === 'failed' ? ` (${outcome.note ?? ''})` : ''),
    );
  }
  return outcomes;
}
