import { FastifyRequest } from 'fastify';
import {
  ClassifiedError,
  ErrorRenderer,
  RenderedError,
  requestPath,
} from '../../common/errors/error-renderers';
import { vendorMessage } from '../vendor-message';

/** Seed 001's one address; the function is in the query (`m=chat&f=...`). */
export const XUANXUAN_PATH = '/api.php';
const NAME = /^[A-Za-z]{1,40}$/;

/**
 * `/api.php?m=chat&f=getChatGroups&...` is routed as `/api.php/chat/getChatGroups?...` (Fastify's
 * `rewriteUrl`), so that each function is a route of its own with its own scopes and docs.
 * Anything else is left as it came.
 */
export function rewriteXuanxuanUrl(url: string): string {
  const mark = url.indexOf('?');
  if (mark < 0 || url.slice(0, mark) !== XUANXUAN_PATH) return url;
  const query = url.slice(mark + 1);
  const params = new URLSearchParams(query);
  const module = params.get('m') ?? '';
  const fn = params.get('f') ?? '';
  if (!NAME.test(module) || !NAME.test(fn)) return url;
  return `${XUANXUAN_PATH}/${module}/${fn}?${query}`;
}

/** Seed 001's success envelope. */
export function xuanxuanOk<T>(data?: T) {
  return data === undefined ? { result: 'success' as const } : { result: 'success' as const, data };
}

/**
 * Errors as seed 001 shapes them: `{result: "fail", message}` with the real HTTP status; the
 * message is the native one in the `Accept-Language` language, naming each bad field.
 */
export class XuanxuanErrorRenderer implements ErrorRenderer {
  matches(request: FastifyRequest): boolean {
    const path = requestPath(request);
    return path === XUANXUAN_PATH || path.startsWith(`${XUANXUAN_PATH}/`);
  }

  render(error: ClassifiedError): RenderedError {
    return {
      status: error.status,
      body: {
        result: 'fail',
        message: vendorMessage(error),
      },
    };
  }
}
