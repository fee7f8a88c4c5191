import { MAX_P99_OVER_P50, Scenario, Target } from './scenarios';

/** What one scenario gave. Numbers are present only when it was really measured. */
export interface Outcome {
  scenario: Scenario;
  state: 'measured' | 'not available' | 'failed';
  note: string | null;
  rps?: number;
  p50Ms?: number;
  p99Ms?: number;
  requests?: number;
  non2xx?: number;
  errors?: number;
  /** CPU of the server process (Party or the raw baseline) per answered request, ms. */
  serverCpuMsPerRequest?: number;
  /** CPU of the bench database's PostgreSQL backends per answered request, ms. */
  postgresCpuMsPerRequest?: number;
  statementsPerRequest?: number;
}

/** One measured number of a realtime scenario, with the issue's limit when it sets one. */
export interface RealtimeMetric {
  name: string;
  /** Formatted with its unit. */
  value: string;
  target?: string;
  /** value / limit of the target. */
  ratio?: number;
  met?: boolean;
}

/** What one realtime scenario (bench/realtime.ts) gave. */
export interface RealtimeOutcome {
  key: string;
  title: string;
  measures: string;
  state: 'measured' | 'failed';
  note: string | null;
  metrics: RealtimeMetric[];
}

export interface RunFacts {
  date: string;
  lines: string[];
}

/** More than this share of non-2xx answers or connection errors makes a scenario fail. */
const MAX_ERROR_SHARE = 0.01;

function fixed(value: number | undefined, digits: number): string {
  return value === undefined ? '—' : value.toFixed(digits);
}

export function errorShare(outcome: Outcome): number {
  const total = outcome.requests ?? 0;
  if (total === 0) return 1;
  return ((outcome.non2xx ?? 0) + (outcome.errors ?? 0)) / total;
}

type Usable = Outcome & { rps: number };

/** Measured, with at most 1 % errors: numbers that can be shown and compared. */
function usable(outcome: Outcome | undefined): outcome is Usable {
  return (
    outcome !== undefined &&
    outcome.state === 'measured' &&
    outcome.rps !== undefined &&
    errorShare(outcome) <= MAX_ERROR_SHARE
  );
}

function stateOf(outcome: Outcome): string | null {
  if (outcome.state !== 'measured') return outcome.state;
  return errorShare(outcome) > MAX_ERROR_SHARE ? 'failed' : null;
}

function markdownTable(header: string[], numeric: boolean[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${numeric.map((n) => (n ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ];
}

const RESULT_HEADER = [
  'scenario',
  'req/s',
  'p50 ms',
  'p99 ms',
  'Node CPU ms/req',
  'PG CPU ms/req',
  'stmts/req',
];

function resultRow(outcome: Outcome): string[] {
  const state = stateOf(outcome);
  if (state) return [outcome.scenario.key, state, '—', '—', '—', '—', '—'];
  return [
    outcome.scenario.key,
    fixed(outcome.rps, 0),
    fixed(outcome.p50Ms, 1),
    fixed(outcome.p99Ms, 1),
    fixed(outcome.serverCpuMsPerRequest, 2),
    fixed(outcome.postgresCpuMsPerRequest, 2),
    fixed(outcome.statementsPerRequest, 1),
  ];
}

function ratio(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined || b === 0 ? '—' : `${(a / b).toFixed(2)}×`;
}

const EQUIVALENT_HEADER = [
  'scenario',
  'raw equivalent',
  'req/s ratio',
  'Node CPU/req ratio',
  'PG CPU/req ratio',
  'stmts/req (Party : raw)',
];

/** One row per Party scenario and raw equivalent: what Party costs against the hand-written. */
function equivalentRows(outcomes: Outcome[], byKey: Map<string, Outcome>): string[][] {
  return outcomes.flatMap((outcome) =>
    (outcome.scenario.equivalents ?? []).map((key) => {
      const raw = byKey.get(key);
      if (!usable(outcome) || !usable(raw)) {
        return [outcome.scenario.key, key, 'n/a', '—', '—', '—'];
      }
      return [
        outcome.scenario.key,
        key,
        ratio(outcome.rps, raw.rps),
        ratio(outcome.serverCpuMsPerRequest, raw.serverCpuMsPerRequest),
        ratio(outcome.postgresCpuMsPerRequest, raw.postgresCpuMsPerRequest),
        `${fixed(outcome.statementsPerRequest, 1)} : ${fixed(raw.statementsPerRequest, 1)}`,
      ];
    }),
  );
}

const TARGET_HEADER = ['scenario', 'target', 'reached', 'met?'];

function yesNo(value: boolean | undefined): string {
  return value === undefined ? 'n/a' : value ? 'yes' : 'no';
}

function targetRow(outcome: Outcome, target: Target, byKey: Map<string, Outcome>): string[] {
  const key = outcome.scenario.key;
  const ok = usable(outcome);
  if (target.kind === 'p50') {
    const p50 = ok ? outcome.p50Ms : undefined;
    return [
      key,
      `p50 ≤ ${target.maxMs} ms`,
      p50 === undefined ? '—' : `${p50.toFixed(1)} ms`,
      yesNo(p50 === undefined ? undefined : p50 <= target.maxMs),
    ];
  }
  const reference = byKey.get(target.reference);
  const comparable = ok && usable(reference) && outcome.rps > 0 && reference.rps > 0;
  if (target.kind === 'rps') {
    const value = comparable ? outcome.rps / reference.rps : undefined;
    return [
      key,
      `req/s ≥ ${target.min} × ${target.reference}${target.condition ? ` (${target.condition})` : ''}`,
      value === undefined ? '—' : `${value.toFixed(2)}×`,
      yesNo(value === undefined ? undefined : value >= target.min),
    ];
  }
  // Time per request at equal concurrency is connections ÷ req/s (Little's law), so the ratio
  // of times is the inverse ratio of req/s; unlike a mean latency it is not biased by the
  // requests still in flight when a slice ends.
  const value = comparable ? reference.rps / outcome.rps : undefined;
  return [
    key,
    `time ≤ ${target.max} × ${target.reference}`,
    value === undefined ? '—' : `${value.toFixed(2)}×`,
    yesNo(value === undefined ? undefined : value <= target.max),
  ];
}

function tailRow(outcome: Outcome): string[] {
  const ok = usable(outcome) && outcome.p50Ms !== undefined && outcome.p99Ms !== undefined;
  const value = ok && outcome.p50Ms ? (outcome.p99Ms ?? 0) / outcome.p50Ms : undefined;
  return [
    outcome.scenario.key,
    `p99 ≤ ${MAX_P99_OVER_P50} × p50`,
    value === undefined ? '—' : `${value.toFixed(2)}×`,
    yesNo(value === undefined ? undefined : value <= MAX_P99_OVER_P50),
  ];
}

/** The HTTP tables in Markdown (also what the console shows): results, raw equivalents, targets. */
export function resultsTable(outcomes: Outcome[]): string {
  if (outcomes.length === 0) return '(no HTTP scenario selected)';
  const byKey = new Map(outcomes.map((o) => [o.scenario.key, o]));
  const lines = markdownTable(
    RESULT_HEADER,
    RESULT_HEADER.map((_, i) => i > 0),
    outcomes.map(resultRow),
  );
  const equivalents = equivalentRows(outcomes, byKey);
  if (equivalents.length > 0) {
    lines.push(
      '',
      'Party against its raw equivalents (Party ÷ raw; above 1 is faster for req/s, costlier for CPU):',
      '',
      ...markdownTable(
        EQUIVALENT_HEADER,
        EQUIVALENT_HEADER.map((_, i) => i > 1),
        equivalents,
      ),
    );
  }
  const targets = [
    ...outcomes.flatMap((o) => (o.scenario.targets ?? []).map((t) => targetRow(o, t, byKey))),
    ...outcomes.filter((o) => o.scenario.server === 'party').map(tailRow),
  ];
  if (targets.length > 0) {
    lines.push(
      '',
      "The issue's targets:",
      '',
      ...markdownTable(TARGET_HEADER, [false, false, true, false], targets),
    );
  }
  const notes = outcomes
    .filter((o) => o.note)
    .map((o) => `- \`${o.scenario.key}\`: ${o.note ?? ''}`);
  if (notes.length > 0) lines.push('', 'Notes:', '', ...notes);
  return lines.join('\n');
}

const REALTIME_HEADER = ['scenario', 'metric', 'value', 'target', 'vs target', 'met?'];

/** The realtime table in Markdown: one row per metric. */
export function realtimeTable(outcomes: RealtimeOutcome[]): string {
  const rows = outcomes.flatMap((outcome) =>
    outcome.state === 'failed' || outcome.metrics.length === 0
      ? [[outcome.key, '—', outcome.state === 'failed' ? 'failed' : 'no result', '—', '—', '—']]
      : outcome.metrics.map((metric) => [
          outcome.key,
          metric.name,
          metric.value,
          metric.target ?? '—',
          metric.ratio === undefined ? '—' : `${metric.ratio.toFixed(2)}×`,
          metric.met === undefined ? '—' : metric.met ? 'yes' : 'no',
        ]),
  );
  const lines = [
    `| ${REALTIME_HEADER.join(' | ')} |`,
    `| ${REALTIME_HEADER.map((_, i) => (i === 2 || i === 4 ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ];
  const notes = outcomes.filter((o) => o.note).map((o) => `- \`${o.key}\`: ${o.note ?? ''}`);
  if (notes.length > 0) lines.push('', 'Notes:', '', ...notes);
  return lines.join('\n');
}

export function resultsFile(
  outcomes: Outcome[],
  realtime: RealtimeOutcome[],
  facts: RunFacts,
): string {
  const scenarios = [
    ...outcomes.map((o) => `- \`${o.scenario.key}\` (${o.scenario.title}): ${o.scenario.measures}`),
    ...realtime.map((o) => `- \`${o.key}\` (${o.title}): ${o.measures}`),
  ].join('\n');
  const realtimeSection =
    realtime.length === 0
      ? []
      : [
          '## Realtime',
          '',
          'Times in ms from the 201 answer of a send (or the start of its request) to its frame ' +
            'on the recipient WebSocket, both stamped in the client pool process. "vs target" is ' +
            "the value divided by the issue's limit.",
          '',
          realtimeTable(realtime),
          '',
        ];
  return [
    '# Party benchmark results',
    '',
    `Run of ${facts.date}. Written by \`npm run bench\` (see \`bench/README.md\`).`,
    '',
    '## Machine and run',
    '',
    ...facts.lines.map((line) => `- ${line}`),
    '',
    '## Results',
    '',
    'req/s counts 2xx answers over the measured seconds; p50 / p99 are the latencies of ' +
      'those answers. CPU per request is the CPU time (user + system, `/proc/<pid>/stat`) ' +
      'from the start of each measured slice until the database and the server are quiet ' +
      'after it, divided by the requests the server began to serve in that span: "Node" of ' +
      'the server process serving the scenario (Party, or the raw baseline for `raw-*`), "PG" ' +
      "summed over the bench database's PostgreSQL client backends. stmts/req counts the " +
      'statements that process sent in the same span (every `query` call of its `pg` ' +
      'clients, BEGIN and COMMIT included). In the targets, "time" is the time per request ' +
      'at the same number of connections (connections ÷ req/s, the inverse ratio of req/s).',
    '',
    resultsTable(outcomes),
    '',
    ...realtimeSection,
    '## Scenarios',
    '',
    scenarios,
    '',
  ].join('\n');
}
