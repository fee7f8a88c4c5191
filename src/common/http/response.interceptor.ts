import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Observable, map } from 'rxjs';
import { IdempotentAnswer } from '../idempotency/idempotent-answer';
import { Reader, writeForReader } from '../i18n/reader-view';
import { writePageHeaders } from '../pagination/page-headers';
import { requestLocale, requestPrincipal } from './request-principal';

/**
 * The one place an answer is written: a paginated list gets its `Link` and `X-Total-Count`
 * headers, and every body is written for its reader. Every Date becomes ISO 8601 UTC plus a
 * `<field>_string` sibling in the reader's language and time zone (UTC for apps and anonymous
 * callers), and every state `Label` its text in the reader's language (Accept-Language, then
 * the signed-in user's locale). An idempotent route's answer, so written, is stored and replayed
 * to its retries (`IdempotentAnswer`). One interceptor, not one per concern: each global
 * interceptor costs every request a layer of Nest's interceptor chain.
 */
@Injectable()
export class ResponseInterceptor implements NestInterceptor {
  constructor(private readonly idempotent: IdempotentAnswer) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reader: Reader = {
      locale: requestLocale(request),
      timeZone: requestPrincipal(request)?.timeZone ?? 'UTC',
    };
    return this.idempotent.around(context, () =>
      next.handle().pipe(
        map((body: unknown) => {
          writePageHeaders(request, http.getResponse<FastifyReply>(), body);
          return writeForReader(body, reader);
        }),
      ),
    );
  }
}
