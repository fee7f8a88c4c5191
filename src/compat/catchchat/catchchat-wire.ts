import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { from, Observable, map, switchMap } from 'rxjs';
import { ValidationFailedError } from '../../common/errors/domain-error';
import { buildLinkHeader } from '../../common/pagination/page-headers';
import { Paginated } from '../../common/pagination/pagination';

/** A page of a CatchChat list: `{<plural>: [...], current_page, per_page, count}` on the wire. */
export class CatchChatList<T> {
  constructor(
    readonly plural: string,
    readonly page: Paginated<T>,
  ) {}

  envelope(): Record<string, unknown> {
    return {
      [this.plural]: this.page.data,
      current_page: this.page.page,
      per_page: this.page.per_page,
      count: this.page.total_count,
    };
  }
}

/** The fields of a multipart body (`curl -F`, as the seed's examples send them). */
async function multipartFields(request: FastifyRequest): Promise<Record<string, string>> {
  const fields: Record<string, string> = {};
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      part.file.resume();
      throw ValidationFailedError.field(part.fieldname, 'isString');
    }
    fields[part.fieldname] = String(part.value);
  }
  return fields;
}

/**
 * CatchChat's wire on the way in and out: a multipart form body is read into fields like a
 * urlencoded one, and a `CatchChatList` becomes its envelope with the `Link` and `X-Total-Count`
 * headers (Party's own page headers are written for `Paginated` only).
 */
@Injectable()
export class CatchChatWireInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body$ = request.isMultipart()
      ? from(multipartFields(request)).pipe(
          switchMap((fields) => {
            request.body = fields;
            return next.handle();
          }),
        )
      : next.handle();
    return body$.pipe(
      map((body: unknown) => {
        if (!(body instanceof CatchChatList)) return body;
        void reply.header('Link', buildLinkHeader(request, body.page));
        void reply.header('X-Total-Count', String(body.page.total_count));
        return body.envelope();
      }),
    );
  }
}
