/**
 * Preloaded (`node -r`) into both server children by bench/run.ts, which transpiles it into the
 * run's temporary directory first, so the measured processes load no TypeScript hook of their
 * own for it. It counts, in the process:
 * - the statements it sends to PostgreSQL: every `query` call on a `pg` client (the pool's
 *   `query`, TypeORM's, BEGIN / COMMIT, named prepared statements alike; a text holding several
 *   statements counts once);
 * - the HTTP requests it began to serve (`request` events of its HTTP servers), whether or not
 *   their client was still there for the answer.
 * The bench asks over the IPC channel it opened: `{ benchCounters: id }` is answered with
 * `{ benchCounters: id, statements, requests }`.
 * `pg_stat_statements` would count statements on the server side, but it needs the shared
 * PostgreSQL restarted with the library preloaded, which the bench must not do.
 */
import { createRequire } from 'node:module';
import http from 'node:http';
import path from 'node:path';

// The `pg` the server itself loads (both run from the repository root).
const pg = createRequire(path.join(process.cwd(), 'package.json'))('pg') as {
  Client: { prototype: { query: (...args: unknown[]) => unknown } };
};

let statements = 0;
let requests = 0;

const query = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(this: unknown, ...args: unknown[]): unknown {
  statements += 1;
  return query.apply(this, args);
};

// Node's servers are event emitters: the `request` event starts serving one request.
const server = http.Server.prototype as unknown as {
  emit: (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;
};
const emit = server.emit;
server.emit = function countedEmit(this: unknown, event: string | symbol, ...args: unknown[]) {
  if (event === 'request') requests += 1;
  return emit.call(this, event, ...args);
};

process.on('message', (message: unknown) => {
  const id = (message as { benchCounters?: unknown } | null)?.benchCounters;
  if (typeof id === 'number') process.send?.({ benchCounters: id, statements, requests });
});
// The channel must not keep a server alive that is told to stop.
process.channel?.unref();
