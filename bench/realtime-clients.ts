/**
 * The WebSocket client pool of the realtime scenarios, a child process of bench/run.ts: it holds
 * up to thousands of sockets to the Party server and makes the sends whose delivery it times, so
 * a send's answer and its frame are stamped by the same clock (`performance.now()` of this
 * process). Commands come over the IPC channel (bench/realtime-protocol.ts); it exits when the
 * channel or its stdin closes (the bench ended).
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { benchId, tokenOf } from './dataset';
import {
  CountResult,
  FanoutCommand,
  FanoutResult,
  FanoutRound,
  HoldResult,
  LatencyCommand,
  LatencyResult,
  PoolCommand,
  PoolReply,
  PoolRequest,
} from './realtime-protocol';

const BASE = process.env.BENCH_PARTY_URL ?? '';
const SECRET = process.env.BENCH_TOKEN_SECRET ?? '';
const API = `${BASE}/api/party`;
const WS_URL = `${API.replace(/^http/, 'ws')}/ws`;
/** Upgrades in flight at once while opening sockets. */
const OPEN_CONCURRENCY = 50;
const OPEN_TIMEOUT_MS = 15_000;
/** Opening a pool stops starting new sockets after this long. */
const HOLD_LIMIT_MS = 180_000;
const CLOSE_WAIT_MS = 10_000;
/**
 * After opening, wait this long and open again what the server closed meanwhile: its token
 * sweep (every 2 s) has closed sockets that opened while its query ran (4401 token_revoked).
 */
const STABLE_MS = 2_500;
const HOLD_PASSES = 3;
const REQUEST_TIMEOUT_MS = 10_000;
const CREATED = Buffer.from('"type":"message.created"');

const sockets = new Map<number, WebSocket>();
/** Sockets the server closed (not the pool): "code reason" → count, since the last report. */
let serverCloses: Record<string, number> = {};
let createdFrames = 0;
/** The running measurement's frame handler (called with the arrival time first). */
let onFrame: ((user: number, data: Buffer, at: number) => void) | null = null;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function openSocket(user: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(WS_URL, {
      headers: { authorization: `Bearer ${tokenOf(SECRET, user)}` },
      handshakeTimeout: OPEN_TIMEOUT_MS,
      perMessageDeflate: false,
    });
    socket.on('message', (data, isBinary) => {
      const at = performance.now();
      if (isBinary || !Buffer.isBuffer(data)) return;
      if (data.includes(CREATED)) createdFrames += 1;
      onFrame?.(user, data, at);
    });
    socket.on('close', (code, reason) => {
      if (sockets.get(user) !== socket) return;
      sockets.delete(user);
      const key = `${code}${reason.length > 0 ? ` ${reason.toString('utf8')}` : ''}`;
      serverCloses[key] = (serverCloses[key] ?? 0) + 1;
    });
    socket.on('error', (error) => reject(error));
    socket.once('unexpected-response', (_request, response) => {
      response.resume();
      reject(new Error(`upgrade answered ${response.statusCode}`));
      socket.terminate();
    });
    socket.once('open', () => resolve(socket));
  });
}

async function closeSockets(users: number[]): Promise<void> {
  const closing = users.flatMap((user) => {
    const socket = sockets.get(user);
    sockets.delete(user);
    if (!socket) return [];
    return [
      new Promise<void>((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close(1000, 'bench');
      }),
    ];
  });
  const all = Promise.all(closing).then(() => 'closed' as const);
  if (
    (await Promise.race([all, sleep(CLOSE_WAIT_MS).then(() => 'timeout' as const)])) !== 'closed'
  ) {
    for (const user of users) sockets.get(user)?.terminate();
  }
}

async function hold(users: number[]): Promise<HoldResult> {
  const started = performance.now();
  const wanted = new Set(users);
  const extra = [...sockets.keys()].filter((user) => !wanted.has(user));
  await closeSockets(extra);
  const failures: string[] = [];
  let opened = 0;
  // Sockets the server closes right after opening (see STABLE_MS) are opened again, at most
  // HOLD_PASSES times.
  for (let pass = 0; pass < HOLD_PASSES; pass++) {
    const missing = users.filter((user) => !sockets.has(user));
    if (missing.length === 0 || performance.now() - started > HOLD_LIMIT_MS) break;
    let next = 0;
    const worker = async () => {
      while (next < missing.length && performance.now() - started < HOLD_LIMIT_MS) {
        const user = missing[next++];
        try {
          sockets.set(user, await openSocket(user));
          opened += 1;
        } catch (error) {
          if (failures.length < 5) failures.push(`user ${user}: ${String(error)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: OPEN_CONCURRENCY }, worker));
    await sleep(STABLE_MS);
  }
  const failed = users.filter((user) => !sockets.has(user)).length;
  if (failed > 0 && performance.now() - started > HOLD_LIMIT_MS) {
    failures.push(`opening took over ${HOLD_LIMIT_MS / 1000} s`);
  }
  return {
    open: sockets.size,
    opened,
    closed: extra.length,
    failed,
    failures,
    ms: performance.now() - started,
    serverCloses: takeServerCloses(),
  };
}

function takeServerCloses(): Record<string, number> {
  const taken = serverCloses;
  serverCloses = {};
  return taken;
}

async function post(
  sender: number,
  body: Record<string, unknown>,
): Promise<{ status: number; started: number; answered: number }> {
  const started = performance.now();
  try {
    const response = await fetch(`${API}/messages`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokenOf(SECRET, sender)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return { status: response.status, started, answered: performance.now() };
  } catch {
    return { status: 0, started, answered: performance.now() };
  }
}

async function latency(command: LatencyCommand): Promise<LatencyResult> {
  const total = Math.max(1, Math.round(command.rate * command.seconds));
  const interval = 1000 / command.rate;
  const prefix = `${command.tag} `;
  const marker = Buffer.from(prefix);
  const frames = new Array<number | undefined>(total);
  onFrame = (_user, data, at) => {
    if (!data.includes(marker)) return;
    const content = (JSON.parse(data.toString('utf8')) as { data?: { content?: unknown } }).data
      ?.content;
    if (typeof content !== 'string' || !content.startsWith(prefix)) return;
    const i = Number(content.slice(prefix.length));
    if (Number.isInteger(i) && i >= 0 && i < total && frames[i] === undefined) frames[i] = at;
  };
  try {
    const sends: Promise<{ status: number; started: number; answered: number }>[] = [];
    const first = performance.now();
    let lastStart = first;
    for (let i = 0; i < total; i++) {
      const wait = first + i * interval - performance.now();
      if (wait > 0) await sleep(wait);
      lastStart = performance.now();
      const pair = command.pairs[i % command.pairs.length];
      sends.push(
        post(pair.sender, {
          to_user: benchId('user', pair.recipient),
          message_type: 'text',
          content: `${prefix}${i}`,
        }),
      );
    }
    const answers = await Promise.all(sends);
    const okIndexes = answers.flatMap((answer, i) => (answer.status === 201 ? [i] : []));
    const deadline = performance.now() + command.graceMs;
    while (okIndexes.some((i) => frames[i] === undefined) && performance.now() < deadline) {
      await sleep(10);
    }
    const statusCodes: Record<string, number> = {};
    for (const answer of answers) {
      statusCodes[String(answer.status)] = (statusCodes[String(answer.status)] ?? 0) + 1;
    }
    const delivered = okIndexes.filter((i) => frames[i] !== undefined);
    return {
      sent: total,
      ok: okIndexes.length,
      statusCodes,
      seconds: (lastStart - first) / 1000,
      fromAnswer: delivered.map((i) => (frames[i] as number) - answers[i].answered),
      fromStart: delivered.map((i) => (frames[i] as number) - answers[i].started),
      answerMs: okIndexes.map((i) => answers[i].answered - answers[i].started),
      tailSeconds: (Math.max(...answers.map((answer) => answer.answered)) - lastStart) / 1000,
      lost: okIndexes.length - delivered.length,
      serverCloses: takeServerCloses(),
    };
  } finally {
    onFrame = null;
  }
}

async function fanout(command: FanoutCommand): Promise<FanoutResult> {
  const rounds: FanoutRound[] = [];
  try {
    for (let round = 0; round < command.repeats; round++) {
      const content = `${command.tag} ${round}.`;
      const marker = Buffer.from(content);
      const arrivals = new Map<number, number>();
      const connected = sockets.size;
      onFrame = (user, data, at) => {
        if (!arrivals.has(user) && data.includes(marker)) arrivals.set(user, at);
      };
      const answer = await post(command.sender, {
        to_group: benchId('group', command.group),
        message_type: 'text',
        content,
      });
      const deadline = performance.now() + command.waitMs;
      while (answer.status === 201 && arrivals.size < connected && performance.now() < deadline) {
        await sleep(5);
      }
      onFrame = null;
      const times = [...arrivals.values()].sort((a, b) => a - b);
      rounds.push({
        status: answer.status,
        answerMs: answer.answered - answer.started,
        sockets: connected,
        received: arrivals.size,
        fromAnswer: times.map((at) => at - answer.answered),
        lastFromStart: times.length > 0 ? (times.at(-1) as number) - answer.started : null,
      });
      await sleep(command.gapMs);
    }
  } finally {
    onFrame = null;
  }
  return { rounds, serverCloses: takeServerCloses() };
}

async function handle(body: PoolCommand): Promise<unknown> {
  switch (body.command) {
    case 'hold':
      return hold(body.users);
    case 'count': {
      const result: CountResult = { frames: createdFrames };
      if (body.reset) createdFrames = 0;
      return result;
    }
    case 'latency':
      return latency(body);
    case 'fanout':
      return fanout(body);
    case 'exit':
      setImmediate(() => void shutdown());
      return {};
  }
}

function reply(message: PoolReply): void {
  process.send?.(message);
}

async function shutdown(): Promise<void> {
  await closeSockets([...sockets.keys()]).catch(() => undefined);
  process.exit(0);
}

if (!process.send || BASE === '' || SECRET === '') {
  process.stderr.write('realtime-clients: started without IPC, BENCH_PARTY_URL or secret\n');
  process.exit(1);
}

process.on('message', (message: PoolRequest) => {
  handle(message.body).then(
    (result) => reply({ id: message.id, ok: true, result }),
    (error: unknown) =>
      reply({
        id: message.id,
        ok: false,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  );
});
process.on('disconnect', () => process.exit(0));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => process.exit(0));
reply({ id: 0, ready: true });
