import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { requestLocale } from '../common/http/request-principal';
import { Locale } from '../common/i18n/locale';

/** The language of `state_string`: Accept-Language, then the caller's own locale. */
export const ContactLocale = createParamDecorator((_: unknown, context: ExecutionContext): Locale =>
  requestLocale(context.switchToHttp().getRequest<FastifyRequest>()),
);
