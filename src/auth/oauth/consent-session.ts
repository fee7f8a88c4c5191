import { randomBytes, timingSafeEqual } from 'node:crypto';
import { parse as parseCookie, serialize as serializeCookie } from 'cookie';
import { FastifyRequest } from 'fastify';
import { HtmlAnswer } from '../../common/http/html-page';
import { Locale, resolveLocale } from '../../common/i18n/locale';

/** The browser's Party session: the consent page's sign-in, also read by `/h/{merge_id}`. */
export const SESSION_COOKIE = 'party_session';
const CSRF_COOKIE = 'party_csrf';
export const SESSION_TTL_SECONDS = 12 * 3600;
const CSRF_TOKEN = /^[A-Za-z0-9_-]{32,64}$/;

/** What the browser pages read of a request. */
export interface BrowserRequest {
  locale: Locale;
  cookies: Record<string, string | undefined>;
  query: unknown;
  body: unknown;
  ip: string;
  secure: boolean;
}

/** What a browser page answers: a page or a redirect, with the cookies it sets. */
export type BrowserAnswer = HtmlAnswer;

export function browserRequest(request: FastifyRequest): BrowserRequest {
  return {
    locale: resolveLocale(request.headers['accept-language']),
    cookies: parseCookie(request.headers.cookie ?? ''),
    query: request.query,
    body: request.body,
    ip: request.ip,
    secure: request.protocol === 'https',
  };
}

/**
 * A cookie of the browser pages: HttpOnly, SameSite=Lax, Secure over HTTPS. The session is
 * site-wide (`/h/` reads it); the CSRF token only concerns the forms under `/oauth`.
 */
export function browserCookie(
  request: BrowserRequest,
  name: typeof SESSION_COOKIE | typeof CSRF_COOKIE,
  value: string,
  maxAge: number,
): string {
  return serializeCookie(name, value, {
    path: name === SESSION_COOKIE ? '/' : '/oauth',
    httpOnly: true,
    sameSite: 'lax',
    maxAge,
    secure: request.secure,
  });
}

/** Double-submit CSRF token: the one the browser holds, or a new one set with the page. */
export function csrfTokenFor(request: BrowserRequest, cookies: string[]): string {
  const existing = request.cookies[CSRF_COOKIE];
  if (existing && CSRF_TOKEN.test(existing)) return existing;
  const token = randomBytes(24).toString('base64url');
  cookies.push(browserCookie(request, CSRF_COOKIE, token, SESSION_TTL_SECONDS));
  return token;
}

/** The form's `csrf_token` equals the cookie set with the page. */
export function csrfOk(request: BrowserRequest): boolean {
  const [left, right] = [
    Buffer.from(formField(request.body, 'csrf_token')),
    Buffer.from(request.cookies[CSRF_COOKIE] ?? ''),
  ];
  return left.length > 0 && left.length === right.length && timingSafeEqual(left, right);
}

export function formField(source: unknown, name: string): string {
  const value =
    source && typeof source === 'object' ? (source as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '';
}
