import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import pino, { Bindings, ChildLoggerOptions } from 'pino';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The caller's `X-Request-Id` when it is sane, else a new one; Fastify echoes it back. */
export function requestIdFor(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}
/**
 * Query parameters that carry secrets or personal data (mobile numbers); their values never
 * reach a log line.
 */
const SECRET_QUERY_PARAMS =
  /([?&](?:access_token|code|client_secret|refresh_token|password|verify_code|mobile|phone|old_mobile)=)[^&]*/gi;

/** Fields of logged objects, at any of the first levels, that never reach a log line. */
const REDACTED_FIELDS = ['password', 'client_secret', 'mobile', 'phone', 'old_mobile'];

/** pino's redact paths for those fields at the top level and two levels down. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.body',
  ...REDACTED_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

export function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(SECRET_QUERY_PARAMS, '$1[REDACTED]');
}

/** Fastify keeps the URL as sent in `originalUrl` when it rewrites one (`rewriteUrl`). */
type RawRequest = IncomingMessage & { originalUrl?: string };

/** What a request's log lines say about it: its id, method and URL (secrets taken out). */
interface LoggedRequest {
  id: string;
  method?: string;
  url?: string;
}

/**
 * The root logger: JSON lines on stdout at `level`, secrets redacted. Fastify takes it as its
 * own logger and gives each request a child of it (`request.log`, see `requestLogger`); Nest's
 * logger writes to it too (`NestPinoLogger`).
 */
export function createRootLogger(level: string): pino.Logger {
  return pino({
    level,
    serializers: {
      req: (request: LoggedRequest) => ({
        id: request.id,
        method: request.method,
        url: redactUrl(request.url),
      }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      err: pino.stdSerializers.err,
    },
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
  });
}

/**
 * Fastify's `childLoggerFactory`: every line a request logs carries `req` (id, method, URL as
 * the client sent it, before any rewrite), as the request-completed line does.
 */
export function requestLogger(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
  raw: RawRequest,
): FastifyBaseLogger {
  const req: LoggedRequest = {
    id: String(bindings.reqId),
    method: raw.method,
    url: raw.originalUrl ?? raw.url,
  };
  return logger.child({ req }, options);
}

/** Load balancers poll it: it stays out of the request log. */
const HEALTH_PATH = '/api/party/health';

/**
 * One line per request once its answer is sent (`request completed`, or `request errored` at
 * level error for a 5xx), with the status and the time taken in whole milliseconds, except for
 * the health route. Registered as an `onResponse` hook.
 */
export function logRequestCompleted(
  request: FastifyRequest,
  reply: FastifyReply,
  done: () => void,
): void {
  const raw: RawRequest = request.raw;
  const url = raw.originalUrl ?? raw.url ?? '';
  if (!url.startsWith(HEALTH_PATH)) {
    const responseTime = Math.round(reply.elapsedTime);
    if (reply.statusCode >= 500) {
      const err = new Error(`failed with status code ${reply.statusCode}`);
      request.log.error({ res: reply, err, responseTime }, 'request errored');
    } else {
      request.log.info({ res: reply, responseTime }, 'request completed');
    }
  }
  done();
}

/**
 * What of an unexpected error may be logged: never its other own properties, which for a failed
 * query include the bound parameters (password hashes, token hashes, personal data).
 */
export function loggableError(exception: unknown): Record<string, unknown> {
  if (!(exception instanceof Error)) return { type: typeof exception };
  const code = (exception as Error & { code?: unknown }).code;
  return {
    type: exception.name,
    message: exception.message,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    stack: exception.stack,
  };
}
