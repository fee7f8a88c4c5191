import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { Locale } from '../i18n/locale';
import { requestLocale } from './request-principal';

/** The language the caller reads labels in (`*_string`): Accept-Language, then his own locale. */
export const RequestLocale = createParamDecorator((_: unknown, context: ExecutionContext): Locale =>
  requestLocale(context.switchToHttp().getRequest<FastifyRequest>()),
);
