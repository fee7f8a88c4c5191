import { Scenario } from './scenarios';

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

function measured(outcome: Outcome | undefined): outcome is Outcome & { rps: number } {
  return outcome !== undefined && outcome.state === 'measured' && outcome.rps !== undefined;
}

export function errorShare(outcome: Outcome): number {
  const total = outcome.requests ?? 0;
  if (total === 0) return 1;
  return ((outcome.non2xx ?? 0) + (outcome.errors ?? 0)) / total;
}

interface Row {
  cells: string[];
  note: string | null;
}

function row(outcome: Outcome, byKey: Map<string, Outcome>): Row {
  const s = outcome.scenario;
  const rpsReference = s.rawReference ?? (s.server === 'raw' ? undefined : 'raw-private-send');
  const raw = rpsReference ? byKey.get(rpsReference) : undefined;
  const ok = measured(outcome) && errorShare(outcome) <= MAX_ERROR_SHARE;
  const rawRatio =
    ok && measured(raw) && errorShare(raw) <= MAX_ERROR_SHARE && raw.rps > 0
      ? outcome.rps / raw.rps
      : undefined;
  const reference = s.pair ? byKey.get(s.pair.reference) : undefined;
  // Time per request at equal concurrency (Little's law: connections / req/s), so the ratio of
  // times is the inverse ratio of req/s; unlike a mean latency it is not biased by the requests
  // still in flight when a slice ends.
  const pairRatio =
    ok && measured(reference) && errorShare(reference) <= MAX_ERROR_SHARE && outcome.rps > 0
      ? reference.rps / outcome.rps
      : undefined;
  let target = '—';
  let met = '—';
  if (s.minRawRatio !== undefined) {
    target = `req/s ≥ ${s.minRawRatio} × ${s.rawReference ?? 'raw'}`;
    met = rawRatio === undefined ? 'n/a' : rawRatio >= s.minRawRatio ? 'yes' : 'no';
  } else if (s.pair?.maxTimeRatio !== undefined) {
    target = `time ≤ ${s.pair.maxTimeRatio} × ${s.pair.reference}`;
    met = pairRatio === undefined ? 'n/a' : pairRatio <= s.pair.maxTimeRatio ? 'yes' : 'no';
  }
  const state =
    outcome.state !== 'measured'
      ? outcome.state
      : errorShare(outcome) > MAX_ERROR_SHARE
        ? 'failed'
        : null;
  return {
    cells: [
      s.key,
      state ?? fixed(outcome.rps, 0),
      state ? '—' : fixed(outcome.p50Ms, 1),
      state ? '—' : fixed(outcome.p99Ms, 1),
      rawRatio === undefined
        ? '—'
        : `${rawRatio.toFixed(2)}×${s.rawReference ? ` ${s.rawReference}` : ''}`,
      pairRatio === undefined ? '—' : `${pairRatio.toFixed(2)}× ${s.pair?.reference ?? ''}`,
      target,
      met,
    ],
    note: outcome.note,
  };
}

const HEADER = [
  'scenario',
  'req/s',
  'p50 ms',
  'p99 ms',
  'req/s ratio',
  'time ratio',
  'target',
  'met?',
];

/** The results table in Markdown (also what the console shows). */
export function resultsTable(outcomes: Outcome[]): string {
  if (outcomes.length === 0) return '(no HTTP scenario selected)';
  const byKey = new Map(outcomes.map((o) => [o.scenario.key, o]));
  const rows = outcomes.map((o) => row(o, byKey));
  const lines = [
    `| ${HEADER.join(' | ')} |`,
    `| ${HEADER.map((h, i) => (i === 0 || i >= 6 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.cells.join(' | ')} |`),
  ];
  const notes = outcomes
    .map((o, i) => (rows[i].note ? `- \`${o.scenario.key}\`: ${rows[i].note}` : null))
    .filter((line): line is string => line !== null);
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
      'those answers. "req/s ratio" is req/s against the raw Fastify + pg private send of the ' +
      'same run, or against the scenario it names (group sends: the raw group send; the raw ' +
      'send with an event write: the raw send; the send with delivery running: the send ' +
      'without). "time ratio" is the time per request against the paired scenario at the same ' +
      'number of connections (connections ÷ req/s, the inverse of the req/s ratio); the ' +
      "issue's targets compare times.",
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
