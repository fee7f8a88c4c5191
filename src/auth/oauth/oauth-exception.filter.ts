import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { OAuthError } from '@node-oauth/oauth2-server';
import { ThrottlerException } from '@nestjs/throttler';
import { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../common/errors/domain-error';
import { isOutageError, ServiceUnavailableError } from '../../common/errors/outage';
import { requestLocale } from '../../common/http/request-principal';
import { translate } from '../../common/i18n/messages';
import { loggableError } from '../../common/logging/logging';

interface OAuthErrorBody {
  error: string;
  error_description: string;
}

/** The `context` of its log lines, which go to `request.log` and so carry the request's id. */
const LOG_CONTEXT = 'OAuth';

/**
 * `/oauth/*` answers errors as RFC 6749 §5.2 does (`{"error", "error_description"}`), because
 * OAuth client libraries parse that; the rest of the API keeps Party's envelope.
 */
@Catch()
export class OAuthExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body, headers } = this.describe(exception, request, reply);
    for (const [name, value] of Object.entries(headers)) void reply.header(name, value);
    void reply
      .status(status)
      .header('content-type', 'application/json; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(body);
  }

  private describe(
    exception: unknown,
    request: FastifyRequest,
    reply: FastifyReply,
  ): { status: number; body: OAuthErrorBody; headers: Record<string, string> } {
    const locale = requestLocale(request);
    // The library wraps what the model throws (a login lockout, an outage) in a server_error.
    const inner = exception instanceof OAuthError ? (exception as { inner?: unknown }).inner : null;
    if (inner instanceof DomainError) return this.describe(inner, request, reply);
    // The database or Redis unreachable (the rate limit, the login throttle, the grants): a 503
    // with Retry-After, never a 500.
    if (!(exception instanceof DomainError) && isOutageError(inner ?? exception)) {
      request.log.warn(
        { context: LOG_CONTEXT, err: loggableError(inner ?? exception) },
        'A dependency is unreachable: answered 503',
      );
      return this.describe(new ServiceUnavailableError(), request, reply);
    }
    if (exception instanceof OAuthError && exception.code < 500) {
      const headers: Record<string, string> = {};
      if (exception.name === 'invalid_client' && exception.code === 401) {
        headers['WWW-Authenticate'] = 'Basic realm="party"';
      }
      return {
        status: exception.code,
        body: { error: exception.name, error_description: exception.message },
        headers,
      };
    }
    if (exception instanceof DomainError) {
      const error =
        exception.status === 429
          ? 'rate_limited'
          : exception.status === 400
            ? 'invalid_request'
            : exception.code;
      const details = exception.details.map((d) => d.field).join(', ');
      const message = translate(exception.code, locale, exception.params) ?? exception.code;
      return {
        status: exception.status,
        body: { error, error_description: details ? `${message}: ${details}` : message },
        headers: exception.headers,
      };
    }
    if (exception instanceof ThrottlerException) {
      const retryAfter = String(reply.getHeader('retry-after') ?? '');
      return {
        status: 429,
        body: {
          error: 'rate_limited',
          error_description:
            translate('rate_limited', locale, { retry_after: retryAfter }) ?? 'rate_limited',
        },
        headers: {},
      };
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      return {
        status: exception.getStatus(),
        body: { error: 'invalid_request', error_description: exception.message },
        headers: {},
      };
    }
    const errorId = randomUUID();
    const cause =
      exception instanceof OAuthError
        ? ((exception as { inner?: unknown }).inner ?? exception)
        : exception;
    request.log.error(
      { context: LOG_CONTEXT, err: loggableError(cause), error_id: errorId },
      `Unhandled OAuth error ${errorId}`,
    );
    return {
      status: 500,
      body: {
        error: 'server_error',
        error_description:
          translate('internal_error', locale, { error_id: errorId }) ?? 'server_error',
      },
      headers: {},
    };
  }
}
