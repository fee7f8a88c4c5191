import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';
import {
  ClassifiedError,
  ErrorRenderer,
  RenderedError,
  requestPath,
} from '../../common/errors/error-renderers';
import { vendorMessage } from '../vendor-message';
import { requestPrincipal } from '../../common/http/request-principal';

/** Seed 003's paths: `/{org_name}/{app_name}/chatgroups/...`. */
const AGORA_PATH = /^\/[^/]+\/[^/]+\/chatgroups(\/|$)/;

interface AgoraPathParams {
  org_name?: string;
  app_name?: string;
}

/** The request URL without its query, as the seed's `uri` shows it. */
function requestUri(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}${requestPath(request)}`;
}

/** `?pagenum=1&pagesize=10` → `{pagenum: ["1"], pagesize: ["10"]}`, as the seed echoes them. */
function echoedParams(request: FastifyRequest): Record<string, string[]> | null {
  const search = new URLSearchParams(request.url.split('?')[1] ?? '');
  const params: Record<string, string[]> = {};
  for (const [name, value] of search) (params[name] ??= []).push(value);
  return Object.keys(params).length > 0 ? params : null;
}

/**
 * Wraps a handler's `data` in seed 003's envelope: `action`, `application` (the Party app's id),
 * `params` (the query, when there is one), `uri`, `entities`, `data`, `timestamp`, `duration`,
 * `organization`, `applicationName`.
 */
@Injectable()
export class AgoraEnvelopeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    return next.handle().pipe(
      map((data: unknown) => {
        const path = request.params as AgoraPathParams;
        const params = echoedParams(request);
        return {
          action: request.method.toLowerCase(),
          application: requestPrincipal(request)?.appId ?? null,
          ...(params ? { params } : {}),
          uri: requestUri(request),
          entities: [],
          data,
          timestamp: Date.now(),
          duration: Math.round(reply.elapsedTime),
          organization: path.org_name ?? null,
          applicationName: path.app_name ?? null,
        };
      }),
    );
  }
}

/** Agora's `error` and `exception` by HTTP status. */
const AGORA_ERRORS: Record<number, [string, string]> = {
  400: ['illegal_argument', 'java.lang.IllegalArgumentException'],
  401: ['unauthorized', 'EasemobSecurityException'],
  403: ['forbidden_op', 'EasemobForbiddenOpException'],
  404: ['resource_not_found', 'EasemobResourceNotFoundException'],
  405: ['method_not_allowed', 'EasemobMethodNotAllowedException'],
  409: ['illegal_state', 'EasemobIllegalStateException'],
  413: ['request_entity_too_large', 'EasemobRequestEntityTooLargeException'],
  415: ['unsupported_media_type', 'EasemobUnsupportedMediaTypeException'],
  416: ['range_not_satisfiable', 'EasemobRangeNotSatisfiableException'],
  422: ['illegal_argument', 'java.lang.IllegalArgumentException'],
  429: ['too_many_requests', 'EasemobTooManyRequestsException'],
  503: ['service_unavailable', 'EasemobServiceUnavailableException'],
};
const AGORA_INTERNAL: [string, string] = ['internal_server_error', 'EasemobInternalException'];

/**
 * Errors as Agora's REST API shapes them: `{error, exception, timestamp, duration,
 * error_description}` with the real HTTP status; `error_description` is the native message (in
 * the `Accept-Language` language) followed by each bad field's message.
 */
export class AgoraErrorRenderer implements ErrorRenderer {
  matches(request: FastifyRequest): boolean {
    return AGORA_PATH.test(requestPath(request));
  }

  render(error: ClassifiedError): RenderedError {
    const [code, exception] = AGORA_ERRORS[error.status] ?? AGORA_INTERNAL;
    return {
      status: error.status,
      body: {
        error: code,
        exception,
        timestamp: Date.now(),
        duration: 0,
        error_description: vendorMessage(error),
      },
    };
  }
}
