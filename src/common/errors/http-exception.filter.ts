import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Locale } from '../i18n/locale';
import { requestLocale } from '../http/request-principal';
import { MessageParams, translate } from '../i18n/messages';
import { DomainError, FieldProblem } from './domain-error';
import './common.messages';
import { loggableError } from '../logging/logging';
import { isOutageError, OUTAGE_RETRY_AFTER_SECONDS, ServiceUnavailableError } from './outage';
import { ErrorRenderers } from './error-renderers';

interface ErrorBody {
  error: string;
  code: string;
  details: { field: string; code: string; message: string }[];
  error_id?: string;
  [extra: string]: unknown;
}

const STATUS_CODES: Record<number, string> = {
  400: 'invalid_body',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'route_not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'service_unavailable',
};

/** Fastify's own errors (body parsing, limits) carry a statusCode and an FST_ code. */
interface FastifyErrorLike {
  statusCode: number;
  code?: string;
  message: string;
}

function isFastifyError(value: unknown): value is FastifyErrorLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FastifyErrorLike).statusCode === 'number' &&
    typeof (value as FastifyErrorLike).code === 'string' &&
    ((value as FastifyErrorLike).code ?? '').startsWith('FST_')
  );
}

export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

function renderDetail(problem: FieldProblem, locale: Locale) {
  const params: MessageParams = { field: problem.field, ...problem.params };
  const message =
    translate(`validation.${problem.code}`, locale, params) ??
    translate(problem.code, locale, params) ??
    problem.fallbackMessage ??
    translate('validation.invalid', locale, params) ??
    problem.code;
  return { field: problem.field, code: snakeCase(problem.code), message };
}

/** The envelope of a domain error in the reader's language (also for answers outside Nest). */
export function domainErrorBody(exception: DomainError, locale: Locale): ErrorBody {
  return {
    ...exception.body,
    error: translate(exception.code, locale, exception.params) ?? exception.code,
    code: exception.code,
    details: exception.details.map((d) => renderDetail(d, locale)),
  };
}

/** The `context` of its log lines, which go to `request.log` and so carry the request's id. */
const LOG_CONTEXT = 'HttpExceptionFilter';

/**
 * The one place errors become HTTP answers: `{error, code, details}` with a real status code,
 * localized by Accept-Language. Anything unexpected is a 500 with an error id and is logged.
 * A vendor wire format (`src/compat/`) registers an `ErrorRenderer` that writes the same
 * classified error in its vendor's envelope for its own paths.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(private readonly renderers: ErrorRenderers) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<FastifyRequest>();
    const reply = context.getResponse<FastifyReply>();
    const locale = requestLocale(request);
    const { status, body } = this.describe(
      this.asOutage(exception, request),
      request,
      reply,
      locale,
    );
    const renderer = this.renderers.rendererFor(request);
    const answer = renderer
      ? renderer.render(
          { status, code: body.code, message: body.error, details: body.details, body },
          request,
        )
      : { status, body };
    void reply
      .status(answer.status)
      .header('content-type', 'application/json; charset=utf-8')
      .send(answer.body);
  }

  /**
   * The database or Redis being unreachable is no bug: a 503 with `Retry-After` instead of a 500.
   * The one place where the drivers' connection errors are recognized (see `outage.ts`).
   */
  private asOutage(exception: unknown, request: FastifyRequest): unknown {
    if (exception instanceof DomainError || !isOutageError(exception)) return exception;
    request.log.warn(
      {
        context: LOG_CONTEXT,
        err: loggableError(exception),
        method: request.method,
        route: request.routeOptions?.url,
      },
      'A dependency is unreachable: answered 503',
    );
    return new ServiceUnavailableError();
  }

  private describe(
    exception: unknown,
    request: FastifyRequest,
    reply: FastifyReply,
    locale: Locale,
  ): { status: number; body: ErrorBody } {
    const message = (code: string, params: MessageParams = {}) =>
      translate(code, locale, params) ?? code;
    const contentType = { content_type: request.headers['content-type'] ?? '' };

    if (exception instanceof DomainError) {
      for (const [name, value] of Object.entries(exception.headers)) void reply.header(name, value);
      return { status: exception.status, body: domainErrorBody(exception, locale) };
    }
    if (exception instanceof ThrottlerException) {
      const retryAfter = String(reply.getHeader('retry-after') ?? '');
      return {
        status: 429,
        body: {
          error: message('rate_limited', { retry_after: retryAfter }),
          code: 'rate_limited',
          details: [],
        },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 404) {
        const path = request.url.split('?')[0];
        return {
          status,
          body: {
            error: message('route_not_found', { method: request.method, path }),
            code: 'route_not_found',
            details: [],
          },
        };
      }
      if (status < 500 || status === 503) {
        if (status === 503 && !reply.hasHeader('retry-after'))
          void reply.header('Retry-After', String(OUTAGE_RETRY_AFTER_SECONDS));
        const code = STATUS_CODES[status] ?? 'bad_request';
        return { status, body: { error: message(code, contentType), code, details: [] } };
      }
    }
    if (isFastifyError(exception) && exception.statusCode < 500) {
      const status = exception.statusCode;
      const code = status === 400 ? 'invalid_body' : (STATUS_CODES[status] ?? 'bad_request');
      return {
        status,
        body: {
          error: message(code, contentType),
          code,
          details: [],
        },
      };
    }
    const errorId = randomUUID();
    request.log.error(
      {
        context: LOG_CONTEXT,
        err: loggableError(exception),
        error_id: errorId,
        method: request.method,
        route: request.routeOptions?.url,
      },
      `Unhandled error ${errorId}`,
    );
    return {
      status: 500,
      body: {
        error: message('internal_error', { error_id: errorId }),
        code: 'internal_error',
        details: [],
        error_id: errorId,
      },
    };
  }
}
