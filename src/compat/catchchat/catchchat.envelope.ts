import { FastifyRequest } from 'fastify';
import {
  ClassifiedError,
  ErrorRenderer,
  RenderedError,
  requestPath,
} from '../../common/errors/error-renderers';
import { requestLocale } from '../../common/http/request-principal';
import { translate } from '../../common/i18n/messages';
import './catchchat.messages';

/** CatchChat's paths: its sign-in and registration, API v4 and the unversioned `upload_token`. */
const CATCHCHAT_PATH = /^\/api\/(auth|v4)(\/|$)|^\/api\/messages\/[^/?]+\/upload_token(\?|$)/;

/**
 * CatchChat's errors: `{error: "..."}` with the status code Party chose (the seed's own codes:
 * 401 for a bad login or token, 429 over a limit). A missing or bad token reads as Rails' own
 * `HTTP Token: Access denied.`; a validation failure names every field in its text.
 */
export class CatchChatErrorRenderer implements ErrorRenderer {
  matches(request: FastifyRequest): boolean {
    return CATCHCHAT_PATH.test(requestPath(request));
  }

  render(error: ClassifiedError, request: FastifyRequest): RenderedError {
    return { status: error.status, body: { error: catchChatErrorText(error, request) } };
  }
}

function catchChatErrorText(error: ClassifiedError, request: FastifyRequest): string {
  if (error.status === 401 && (error.code === 'unauthorized' || error.code === 'invalid_token')) {
    return translate('catchchat.access_denied', requestLocale(request)) ?? error.code;
  }
  if (error.details.length > 0) {
    return error.details
      .map((detail) =>
        detail.message.includes(detail.field)
          ? detail.message
          : `${detail.field}: ${detail.message}`,
      )
      .join('; ');
  }
  return error.message;
}
