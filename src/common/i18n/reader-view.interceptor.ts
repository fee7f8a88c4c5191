import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { Observable, map } from 'rxjs';
import { requestLocale, requestPrincipal } from '../http/request-principal';
import { toIsoUtc, toLocalizedString } from '../time/time-format';
import { Label } from './label';
import { Locale } from './locale';

/** Time fields are named `*_at`; a null one still gets its `_string` sibling (null). */
const TIME_FIELD = /_at$/;

interface Reader {
  locale: Locale;
  timeZone: string;
}

function serialize(value: unknown, reader: Reader): unknown {
  if (value instanceof Date) return toIsoUtc(value);
  if (value instanceof Label) return value.in(reader.locale);
  if (Array.isArray(value)) return value.map((item) => serialize(item, reader));
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  if (typeof (value as { pipe?: unknown }).pipe === 'function') return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (field === undefined) continue;
    if (field instanceof Date) {
      out[key] = toIsoUtc(field);
      out[`${key}_string`] = toLocalizedString(field, reader.locale, reader.timeZone);
    } else if (field === null && TIME_FIELD.test(key)) {
      out[key] = null;
      out[`${key}_string`] = null;
    } else {
      out[key] = serialize(field, reader);
    }
  }
  return out;
}

/**
 * The one place a response is written for its reader: every Date becomes ISO 8601 UTC plus a
 * `<field>_string` sibling in the reader's language and time zone (UTC for apps and anonymous
 * callers), and every state `Label` its text in the reader's language (Accept-Language, then the
 * signed-in user's locale).
 */
@Injectable()
export class ReaderViewInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reader: Reader = {
      locale: requestLocale(request),
      timeZone: requestPrincipal(request)?.timeZone ?? 'UTC',
    };
    return next.handle().pipe(map((body: unknown) => serialize(body, reader)));
  }
}
