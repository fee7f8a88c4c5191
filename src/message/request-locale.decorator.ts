import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { Locale } from '../common/i18n/locale';
import { requestLocale } from '../common/http/request-principal';

/** The language of the labels in the answer (`message_type_string`). */
export const MessageLocale = createParamDecorator((_: unknown, context: ExecutionContext): Locale =>
  requestLocale(context.switchToHttp().getRequest<FastifyRequest>()),
);
