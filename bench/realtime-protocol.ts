/**
 * Messages between the bench (bench/realtime.ts) and its WebSocket client pool
 * (bench/realtime-clients.ts, a child process), over the child's IPC channel. Users are bench
 * user numbers (bench/dataset.ts); the pool derives their ids and tokens itself.
 */

/** Keep exactly these users connected, one WebSocket each (opens the missing, closes the rest). */
export interface HoldCommand {
  command: 'hold';
  users: number[];
}

export interface HoldResult {
  open: number;
  opened: number;
  closed: number;
  failed: number;
  /** The first few reasons of failed opens. */
  failures: string[];
  ms: number;
  /** Sockets the server closed since the last report, by "code reason". */
  serverCloses: Record<string, number>;
}

/** `message.created` frames received on all sockets since the last reset. */
export interface CountCommand {
  command: 'count';
  reset: boolean;
}

export interface CountResult {
  frames: number;
}

/**
 * Private sends at a steady rate (open loop: send i starts at i / rate seconds, whether or not
 * the earlier ones have answered), pair i % pairs.length, to connected recipients.
 */
export interface LatencyCommand {
  command: 'latency';
  pairs: { sender: number; recipient: number }[];
  rate: number;
  seconds: number;
  /** Unique per call: the content of send i is `${tag} ${i}`. */
  tag: string;
  /** How long to wait after the last answer for frames still on their way. */
  graceMs: number;
}

export interface LatencyResult {
  sent: number;
  /** Sends answered 201. */
  ok: number;
  statusCodes: Record<string, number>;
  /** Seconds from the first send's start to the last send's start, and sends / that. */
  seconds: number;
  /** Per send answered 201 whose frame arrived (ms): frame - 201 answer, frame - request start. */
  fromAnswer: number[];
  fromStart: number[];
  /** Per send answered 201 (ms): its answer time. */
  answerMs: number[];
  /** Seconds from the last send's start to the last answer (the server's backlog at the end). */
  tailSeconds: number;
  /** Sends answered 201 whose frame did not arrive within the grace time. */
  lost: number;
  serverCloses: Record<string, number>;
}

/** Group sends, one after another; for each, when every connected socket had its frame. */
export interface FanoutCommand {
  command: 'fanout';
  sender: number;
  /** The group's bench number. */
  group: number;
  repeats: number;
  tag: string;
  /** Longest wait for the last socket (then the send counts as incomplete). */
  waitMs: number;
  /** Pause between sends. */
  gapMs: number;
}

export interface FanoutRound {
  status: number;
  answerMs: number;
  sockets: number;
  received: number;
  /** Arrival times of the frame on each socket that got it, sorted (ms after the 201). */
  fromAnswer: number[];
  /** The last socket's arrival after the request started (ms). */
  lastFromStart: number | null;
}

export interface FanoutResult {
  rounds: FanoutRound[];
  serverCloses: Record<string, number>;
}

export interface ExitCommand {
  command: 'exit';
}

export type PoolCommand = HoldCommand | CountCommand | LatencyCommand | FanoutCommand | ExitCommand;

export interface PoolResults {
  hold: HoldResult;
  count: CountResult;
  latency: LatencyResult;
  fanout: FanoutResult;
  exit: Record<string, never>;
}

export interface PoolRequest {
  id: number;
  body: PoolCommand;
}

export type PoolReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: string }
  | { id: 0; ready: true };
