import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  body: any;
  /** When it arrived (ms since the epoch). */
  at: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Waits this long before answering (a slow receiver). */
  delayMs?: number;
}

/** A real HTTP receiver on 127.0.0.1 that records every request and answers as told. */
export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** Decides each answer (default 200 `{}`). */
  respond: (request: Received) => Answer;
  /** Resolves once `count` requests match `filter`. */
  waitFor(
    count: number,
    filter?: (request: Received) => boolean,
    timeoutMs?: number,
  ): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(port = 0): Promise<Receiver> {
  const waiters = new Set<() => void>();
  const receiver: Receiver = {
    url: '',
    port: 0,
    received: [],
    respond: () => ({ status: 200, body: {} }),
    async waitFor(count, filter = () => true, timeoutMs = 30_000) {
      const matching = () => receiver.received.filter(filter);
      if (matching().length >= count) return matching();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`waited for ${count} requests, got ${matching().length}`));
        }, timeoutMs);
        const check = () => {
          if (matching().length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(matching());
        };
        waiters.add(check);
      });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = JSON.parse(raw);
      } catch {
        body = null;
      }
      const request: Received = { headers: req.headers, raw, body, at: Date.now() };
      receiver.received.push(request);
      const answer = receiver.respond(request);
      const reply = () => {
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(JSON.stringify(answer.body ?? {}));
        for (const waiter of [...waiters]) waiter();
      };
      if (answer.delayMs) setTimeout(reply, answer.delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}/hook`;
  return receiver;
}
