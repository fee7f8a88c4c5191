import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, Observable } from 'rxjs';
import { requestPrincipal } from '../http/request-principal';
import { IDEMPOTENT } from './idempotent.decorator';
import { IdempotencyService } from './idempotency.service';

/**
 * The one place `Idempotency-Key` is honoured, on routes marked `@Idempotent()`: around the
 * answer as written for the first request's reader (by `ResponseInterceptor`), it stores that
 * answer and replays it to retries.
 */
@Injectable()
export class IdempotentAnswer {
  constructor(
    private readonly reflector: Reflector,
    private readonly idempotency: IdempotencyService,
  ) {}

  around(context: ExecutionContext, answer: () => Observable<unknown>): Observable<unknown> {
    if (!this.reflector.get<boolean>(IDEMPOTENT, context.getHandler())) return answer();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const key = this.idempotency.parseKey(request.headers['idempotency-key']);
    const principal = requestPrincipal(request);
    if (key === null || !principal) return answer();
    const owner = principal.kind === 'user' ? `user:${principal.userId}` : `app:${principal.appId}`;
    return from(
      this.idempotency
        .run(
          {
            principal: owner,
            key,
            route: `${request.method} ${request.routeOptions.url ?? request.url}`,
            // An upload's file is streamed to storage, never buffered: its route, path and
            // query identify it.
            fingerprint: {
              params: request.params,
              query: request.query,
              body: request.isMultipart() ? null : request.body,
            },
          },
          () => reply.statusCode,
          () => lastValueFrom(answer(), { defaultValue: undefined }),
        )
        .then((outcome) => {
          if (!outcome.replayed) return outcome.body;
          void reply.status(outcome.status).header('Idempotent-Replayed', 'true');
          return outcome.body;
        }),
    );
  }
}
