import { FastifyRequest } from 'fastify';
import {
  ClassifiedError,
  ErrorRenderer,
  RenderedError,
  requestPath,
} from '../../common/errors/error-renderers';
import { vendorMessage } from '../vendor-message';

/** Seed 002's paths: the gateway of the open API. */
export const YUNZHIJIA_PREFIX = '/gateway/xtinterface/';

/** Seed 002's success envelope. */
export function yunzhijiaOk<T>(data: T) {
  return { data, error: null, errorCode: 0, success: true as const };
}

/**
 * Errors as seed 002 shapes them: `{data: null, error, errorCode, success: false}`, with the real
 * HTTP status kept (and repeated in `errorCode`) and the fields of a bad request named in `error`.
 */
export class YunzhijiaErrorRenderer implements ErrorRenderer {
  matches(request: FastifyRequest): boolean {
    return requestPath(request).startsWith(YUNZHIJIA_PREFIX);
  }

  render(error: ClassifiedError): RenderedError {
    return {
      status: error.status,
      body: {
        data: null,
        error: vendorMessage(error),
        errorCode: error.status,
        success: false,
      },
    };
  }
}
