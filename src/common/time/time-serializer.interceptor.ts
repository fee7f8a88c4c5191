import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { Observable, map } from 'rxjs';
import { Locale } from '../i18n/locale';
import { requestLocale, requestPrincipal } from '../http/request-principal';
import { toIsoUtc, toLocalizedString } from './time-format';

/** Time fields are named `*_at`; a null one still gets its `_string` sibling (null). */
const TIME_FIELD = /_at$/;

interface TimeContext {
  locale: Locale;
  timeZone: string;
}

function serialize(value: unknown, context: TimeContext): unknown {
  if (value instanceof Date) return toIsoUtc(value);
  if (Array.isArray(value)) return value.map((item) => serialize(item, context));
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  if (typeof (value as { pipe?: unknown }).pipe === 'function') return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (field === undefined) continue;
    if (field instanceof Date) {
      out[key] = toIsoUtc(field);
      out[`${key}_string`] = toLocalizedString(field, context.locale, context.timeZone);
    } else if (field === null && TIME_FIELD.test(key)) {
      out[key] = null;
      out[`${key}_string`] = null;
    } else {
      out[key] = serialize(field, context);
    }
  }
  return out;
}

/**
 * The one time serializer: every Date in a response becomes ISO 8601 UTC plus a `<field>_string`
 * sibling localized by Accept-Language and the signed-in user's time zone (UTC otherwise).
 */
@Injectable()
export class TimeSerializerInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = requestPrincipal(request);
    const timeContext: TimeContext = {
      locale: requestLocale(request),
      timeZone: principal?.timeZone ?? 'UTC',
    };
    return next.handle().pipe(map((body: unknown) => serialize(body, timeContext)));
  }
}
