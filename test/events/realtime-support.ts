import WebSocket from 'ws';
import { TestUser } from '../support/fixtures';
import { DataSource } from 'typeorm';
import { EventLogRepository } from '../../src/events/event-log.repository';
import { TestApp } from '../support/test-app';

export interface ReceivedFrame {
  type: string;
  id: string | null;
  created_at?: string;
  data?: any;
  code?: string;
}

/** A WebSocket client that collects frames and can wait for the ones a test expects. */
export interface SocketClient {
  socket: WebSocket;
  frames: ReceivedFrame[];
  waitFor(predicate: (frame: ReceivedFrame) => boolean, timeoutMs?: number): Promise<ReceivedFrame>;
  closed: Promise<{ code: number; reason: string }>;
  send(frame: unknown): void;
  close(): Promise<void>;
}

export function wsUrl(t: TestApp, query: Record<string, string> = {}): string {
  const url = new URL('/api/party/ws', t.baseUrl.replace(/^http/, 'ws'));
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
}

export async function connectSocket(
  t: TestApp,
  token: string,
  query: Record<string, string> = {},
  options: { protocols?: string[]; headers?: Record<string, string> } = {},
): Promise<SocketClient> {
  const socket = new WebSocket(wsUrl(t, query), options.protocols ?? [], {
    headers: options.protocols
      ? options.headers
      : { authorization: `Bearer ${token}`, ...options.headers },
  });
  const frames: ReceivedFrame[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (raw) => {
    frames.push(JSON.parse((raw as Buffer).toString('utf8')) as ReceivedFrame);
    for (const waiter of [...waiters]) waiter();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`upgrade refused: ${response.statusCode}`)),
    );
  });
  return {
    socket,
    frames,
    closed,
    send: (frame) => socket.send(JSON.stringify(frame)),
    waitFor(predicate, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = frames.find(predicate);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `no matching frame within ${timeoutMs} ms; got ${JSON.stringify(frames.map((f) => f.type))}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      if (socket.readyState === WebSocket.OPEN) socket.close();
      await closed;
    },
  };
}

/**
 * Waits until every transaction of the test's database that began before now has ended: readers
 * see an event once no older transaction of the database runs.
 */
export async function settle(t: TestApp): Promise<void> {
  const dataSource = t.app.get(DataSource);
  const [{ xid }] = await dataSource.query<{ xid: string }[]>(
    'SELECT pg_current_xact_id()::text AS xid',
  );
  const log = t.app.get(EventLogRepository);
  for (let tries = 0; tries < 500; tries += 1) {
    if ((await log.readHorizon()) > BigInt(xid)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Every event the user's token can read from `cursor` on, through long-poll pages (after
 * `settle`, unless the test holds transactions open itself).
 */
export async function drain(
  t: TestApp,
  token: string,
  cursor: string,
  options: { settle?: boolean } = {},
): Promise<{ events: any[]; cursor: string }> {
  if (options.settle ?? true) await settle(t);
  const events: any[] = [];
  for (;;) {
    const page = await t.get('events', { token, query: { cursor } });
    if (page.status !== 200) throw new Error(`GET events: ${page.status} ${page.text}`);
    events.push(...page.body.data);
    cursor = page.body.next_cursor;
    if (!page.body.has_more) return { events, cursor };
  }
}

export async function startCursor(t: TestApp, token: string): Promise<string> {
  await settle(t);
  const head = await t.get('events', { token });
  if (head.status !== 200) throw new Error(`GET events: ${head.status} ${head.text}`);
  return head.body.next_cursor as string;
}

/** A private text message from `from` to `to`, through the API (201 or the test fails). */
export async function sendText(
  t: TestApp,
  from: TestUser,
  to: TestUser,
  content: string,
): Promise<{ id: string; seq: number; content: string }> {
  const sent = await t.post(
    'messages',
    { to_user: to.id, message_type: 'text', content },
    { token: from.token },
  );
  expect(sent.status).toBe(201);
  return sent.body as { id: string; seq: number; content: string };
}
