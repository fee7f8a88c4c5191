import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import { Params } from 'nestjs-pino';

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

/** Structured request logs with a request id echoed as `X-Request-Id`; no secrets. */
export function loggingParams(level: string): Params {
  return {
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level,
      serializers: {
        req(request: { id: string; method: string; url?: string }) {
          return { id: request.id, method: request.method, url: redactUrl(request.url) };
        },
        res(response: { statusCode: number }) {
          return { statusCode: response.statusCode };
        },
      },
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      customLogLevel: (_request, response, error) =>
        error || response.statusCode >= 500 ? 'error' : 'info',
      // Middleware mounted on a path sees `url` relative to it; `originalUrl` is the full one.
      autoLogging: {
        ignore: (request: IncomingMessage & { originalUrl?: string }) =>
          (request.originalUrl ?? request.url ?? '').startsWith('/api/party/health'),
      },
    },
  };
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
