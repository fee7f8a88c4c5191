import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { Locale } from '../common/i18n/locale';
import { requestLocale } from '../common/http/request-principal';

/** The language the caller reads (Accept-Language, then the user's own locale). */
export const AuthRequestLocale = createParamDecorator(
  (_: unknown, context: ExecutionContext): Locale =>
    requestLocale(context.switchToHttp().getRequest<FastifyRequest>()),
);
