import { FastifyRequest } from 'fastify';
import { DEFAULT_LOCALE, Locale, preferredLocale } from '../i18n/locale';

export const SCOPES = [
  'party_user',
  'party_contact',
  'party_group',
  'party_message',
  'party_file',
  'party_notify',
  'party_admin',
] as const;
export type Scope = (typeof SCOPES)[number];

/** Scopes a person can grant an app acting for him; the rest belong to system apps only. */
export const USER_SCOPES: readonly Scope[] = [
  'party_user',
  'party_contact',
  'party_group',
  'party_message',
  'party_file',
];

/** Who is calling: a user (through a user token) or an app (through an app token). */
export type AuthPrincipal = UserPrincipal | AppPrincipal;

interface PrincipalBase {
  tokenId: string;
  scopes: ReadonlySet<Scope>;
  /** The app the token was issued to; null for Party's own first-party client. */
  appId: string | null;
  locale: Locale | null;
  timeZone: string;
}

export interface UserPrincipal extends PrincipalBase {
  kind: 'user';
  userId: string;
}

export interface AppPrincipal extends PrincipalBase {
  kind: 'app';
  appId: string;
  /** System apps (created by the operator) may hold party_admin / party_notify. */
  isSystemApp: boolean;
}

const PRINCIPAL = Symbol('partyPrincipal');

type RequestWithPrincipal = FastifyRequest & { [PRINCIPAL]?: AuthPrincipal };

export function attachPrincipal(request: FastifyRequest, principal: AuthPrincipal): void {
  (request as RequestWithPrincipal)[PRINCIPAL] = principal;
}

export function requestPrincipal(request: FastifyRequest): AuthPrincipal | null {
  return (request as RequestWithPrincipal)[PRINCIPAL] ?? null;
}

/** A language Accept-Language asks for, then the signed-in user's own locale, then English. */
export function requestLocale(
  request: FastifyRequest,
  principal: AuthPrincipal | null = requestPrincipal(request),
): Locale {
  return preferredLocale(request.headers['accept-language']) ?? principal?.locale ?? DEFAULT_LOCALE;
}
