import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { Locale } from '../common/i18n/locale';
import { requestLocale } from '../common/http/request-principal';

/** The language of the answer's labels (`*_string`): Accept-Language, then the user's own. */
export const RequestLocale = createParamDecorator((_: unknown, context: ExecutionContext): Locale =>
  requestLocale(context.switchToHttp().getRequest<FastifyRequest>()),
);
