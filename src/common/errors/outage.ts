import { DomainError } from './domain-error';

/** What a 503 tells the caller to wait before retrying, in seconds. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

/**
 * 503 `service_unavailable` with `Retry-After`: a dependency (the database, Redis) is unreachable.
 * `body` adds fields to the envelope (the health route names what is down).
 */
export class ServiceUnavailableError extends DomainError {
  constructor(body: Record<string, unknown> = {}) {
    super(503, 'service_unavailable', {}, [], body);
    this.headers['Retry-After'] = String(OUTAGE_RETRY_AFTER_SECONDS);
  }
}

/**
 * PostgreSQL SQLSTATEs that mean "the server is not serving us right now": class 08 (connection
 * exceptions) and these; none is the request's fault.
 */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown (pg_ctl stop, a restart, a terminated backend)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, recovering)
  '53300', // too_many_connections
]);

/** Socket-level failures from node (pg's and ioredis's connections). */
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * Messages that the drivers raise without a code: pg's client and pool on a lost or refused
 * connection, ioredis once it gave up on a command.
 */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/, // pg: "Connection terminated unexpectedly" / "... due to connection timeout"
  /is not queryable$/, // pg: "Client has encountered a connection error and is not queryable"
  /^timeout exceeded when trying to connect$/, // pg-pool's connectionTimeoutMillis
  /^Connection is closed\.$/, // ioredis
  /^Reached the max retries per request limit/, // ioredis MaxRetriesPerRequestError
  /^Stream isn't writeable/, // ioredis without its offline queue
];

/** The errors `error` wraps: TypeORM's `driverError`, `cause`, an AggregateError's list. */
function wrapped(error: object): unknown[] {
  const inner: unknown[] = [];
  const { driverError, cause, errors } = error as {
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (driverError !== undefined) inner.push(driverError);
  if (cause !== undefined) inner.push(cause);
  if (Array.isArray(errors)) inner.push(...(errors as unknown[]));
  return inner;
}

function isUnavailableItself(error: object): boolean {
  const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (code.startsWith('08') && code.length === 5) return true;
    if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code)) return true;
  }
  if (name === 'MaxRetriesPerRequestError') return true;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => m.test(message));
}

/**
 * Whether `error` means that the database or Redis cannot be reached (as opposed to a bug or a
 * query that failed on its own terms): such a request is answered 503, not 500.
 */
export function isOutageError(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  if (isUnavailableItself(error)) return true;
  return wrapped(error).some((inner) => isOutageError(inner, depth + 1));
}
