import { Injectable } from '@nestjs/common';
import { parse as parseCookie } from 'cookie';
import { randomSecret, sha256Hex } from '../../common/crypto/secrets';
import { DomainError } from '../../common/errors/domain-error';
import { USER_SCOPES } from '../../common/http/request-principal';
import { Locale } from '../../common/i18n/locale';
import { translate } from '../../common/i18n/messages';
import { AppRepository } from '../app.repository';
import { AppEntity } from '../entities/app.entity';
import { LoginThrottleService } from '../login-throttle.service';
import { UserService } from '../user.service';
import { renderConsent, renderError, renderSignIn } from './consent-page';
import {
  BrowserAnswer,
  browserCookie,
  BrowserRequest,
  csrfOk,
  csrfTokenFor,
  formField,
  SESSION_COOKIE,
  SESSION_TTL_SECONDS,
} from './consent-session';
import { OAuthRepository } from './oauth.repository';
import { OAuthService } from './oauth.service';

const AUTHORIZE_PARAMS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
] as const;

/**
 * Longest authorize parameter (state, scope, redirect_uri, ...): they travel back in Location
 * headers. Longer values are cut to one character more, so they stay bounded and still fail.
 */
const MAX_PARAM_LENGTH = 1024;
const CODE_CHALLENGE = /^[A-Za-z0-9._~-]{43,128}$/;
/** Where the plain sign-in page may send the browser back: Party's own merged-history pages. */
const RETURN_TO = /^\/h\/[0-9A-Za-z-]{1,64}$/;

type Inspection =
  | { kind: 'fatal'; message: string }
  | { kind: 'redirect'; location: string }
  | {
      kind: 'ok';
      app: AppEntity;
      redirectUri: string;
      scopes: string[];
      params: Record<string, string>;
    };

function pickParams(source: unknown): Record<string, string> {
  const record = (source && typeof source === 'object' ? source : {}) as Record<string, unknown>;
  const params: Record<string, string> = {};
  for (const name of AUTHORIZE_PARAMS) {
    const value = record[name];
    if (typeof value === 'string' && value !== '') {
      params[name] = value.length > MAX_PARAM_LENGTH ? value.slice(0, MAX_PARAM_LENGTH + 1) : value;
    }
  }
  return params;
}

function errorRedirect(
  redirectUri: string,
  error: string,
  description: string,
  state?: string,
): string {
  const url = new URL(redirectUri);
  url.searchParams.set('error', error);
  url.searchParams.set('error_description', description);
  if (state) url.searchParams.set('state', state);
  return url.toString();
}

function authorizeUrl(params: Record<string, string>): string {
  return `/oauth/authorize?${new URLSearchParams(params).toString()}`;
}

function redirect(location: string, cookies: string[] = []): BrowserAnswer {
  return { status: 303, location, cookies, headers: {} };
}

function page(status: number, html: string, cookies: string[] = []): BrowserAnswer {
  return { status, html, cookies, headers: {} };
}

function errorPage(locale: Locale, status: number, code: string): BrowserAnswer {
  return page(status, renderError(locale, translate(code, locale) ?? code));
}

/**
 * The rules of Party's browser pages: the consent page of the authorization endpoint (client,
 * redirect-URI, scope and PKCE checks before anything is shown or redirected; sign-in, approve,
 * deny) and the plain sign-in that `/h/{merge_id}` sends browsers to. Every form carries a
 * double-submit CSRF token; password sign-ins go through the login throttle.
 */
@Injectable()
export class ConsentService {
  constructor(
    private readonly apps: AppRepository,
    private readonly users: UserService,
    private readonly store: OAuthRepository,
    private readonly oauth: OAuthService,
    private readonly loginThrottle: LoginThrottleService,
  ) {}

  /** `GET /oauth/authorize`: sign-in or consent, or a redirect with an RFC 6749 error. */
  async show(request: BrowserRequest): Promise<BrowserAnswer> {
    return this.render(request, await this.inspect(pickParams(request.query)), null);
  }

  /** `POST /oauth/authorize/sign-in`: a session, then back to the consent page. */
  async signIn(request: BrowserRequest): Promise<BrowserAnswer> {
    if (!csrfOk(request)) return errorPage(request.locale, 403, 'consent.csrf_failed');
    const inspection = await this.inspect(pickParams(request.body));
    if (inspection.kind !== 'ok') return this.render(request, inspection, null);
    const outcome = await this.passwordSignIn(request);
    if (outcome.kind === 'failed') return this.render(request, inspection, outcome);
    return redirect(authorizeUrl(inspection.params), [outcome.cookie]);
  }

  /** `POST /oauth/authorize/sign-out`: ends the session, back to the sign-in form. */
  async signOut(request: BrowserRequest): Promise<BrowserAnswer> {
    if (!csrfOk(request)) return errorPage(request.locale, 403, 'consent.csrf_failed');
    const secret = request.cookies[SESSION_COOKIE];
    if (secret) await this.store.deleteSession(sha256Hex(secret));
    return redirect(authorizeUrl(pickParams(request.body)), [
      browserCookie(request, SESSION_COOKIE, '', 0),
    ]);
  }

  /** `POST /oauth/authorize`: Approve or Deny, answered by a redirect to the app. */
  async decide(request: BrowserRequest): Promise<BrowserAnswer> {
    if (!csrfOk(request)) return errorPage(request.locale, 403, 'consent.csrf_failed');
    const inspection = await this.inspect(pickParams(request.body));
    const userId = await this.sessionUser(request.cookies);
    if (inspection.kind !== 'ok' || !userId) return this.render(request, inspection, null);
    const approved = formField(request.body, 'decision') === 'approve';
    return redirect(
      await this.oauth.authorize(inspection.params, userId, approved, request.locale),
    );
  }

  /** `GET /oauth/sign-in?return_to=/h/...`: the sign-in form of Party's own pages. */
  showSignIn(request: BrowserRequest): BrowserAnswer {
    const returnTo = formField(request.query, 'return_to');
    if (!RETURN_TO.test(returnTo)) return errorPage(request.locale, 400, 'sign_in.bad_return_to');
    return this.signInPage(request, returnTo, null);
  }

  /** `POST /oauth/sign-in`: a session, then back to `return_to`. */
  async signInAndReturn(request: BrowserRequest): Promise<BrowserAnswer> {
    if (!csrfOk(request)) return errorPage(request.locale, 403, 'consent.csrf_failed');
    const returnTo = formField(request.body, 'return_to');
    if (!RETURN_TO.test(returnTo)) return errorPage(request.locale, 400, 'sign_in.bad_return_to');
    const outcome = await this.passwordSignIn(request);
    if (outcome.kind === 'failed') return this.signInPage(request, returnTo, outcome);
    return redirect(returnTo, [outcome.cookie]);
  }

  /** The user whose live browser session a `Cookie` header carries, if any. */
  async browserSessionUser(cookieHeader: string | undefined): Promise<string | null> {
    return this.sessionUser(parseCookie(cookieHeader ?? ''));
  }

  /** The user of a browser session cookie, if it is live. */
  async sessionUser(cookies: Record<string, string | undefined>): Promise<string | null> {
    const secret = cookies[SESSION_COOKIE];
    return secret ? this.store.findSessionUser(sha256Hex(secret)) : null;
  }

  private async passwordSignIn(
    request: BrowserRequest,
  ): Promise<
    | { kind: 'signed_in'; cookie: string }
    | { kind: 'failed'; login: string; retryAfter: number | null }
  > {
    const login = formField(request.body, 'login');
    let userId: string | null = null;
    if (login) {
      try {
        userId = await this.loginThrottle.authenticate(
          login,
          formField(request.body, 'password'),
          request.ip,
        );
      } catch (error) {
        if (!(error instanceof DomainError) || error.status !== 429) throw error;
        return { kind: 'failed', login, retryAfter: Number(error.headers['Retry-After']) };
      }
    }
    if (!userId) return { kind: 'failed', login, retryAfter: null };
    const secret = randomSecret(32);
    await this.store.insertSession({
      secretHash: sha256Hex(secret),
      userId,
      expiresAt: new Date(Date.now() + SESSION_TTL_SECONDS * 1000),
    });
    return {
      kind: 'signed_in',
      cookie: browserCookie(request, SESSION_COOKIE, secret, SESSION_TTL_SECONDS),
    };
  }

  /** Checks the request against the app before anything is shown or redirected. */
  private async inspect(params: Record<string, string>): Promise<Inspection> {
    const app = params.client_id ? await this.apps.findByClientId(params.client_id) : null;
    if (!app) return { kind: 'fatal', message: 'consent.unknown_client' };
    let redirectUri = params.redirect_uri;
    if (redirectUri === undefined && app.redirectUris.length === 1)
      redirectUri = app.redirectUris[0];
    if (!redirectUri || !app.redirectUris.includes(redirectUri)) {
      return { kind: 'fatal', message: 'consent.bad_redirect_uri' };
    }
    const fail = (error: string, description: string): Inspection => ({
      kind: 'redirect',
      location: errorRedirect(redirectUri, error, description, params.state),
    });
    if (params.response_type !== 'code') {
      return fail('unsupported_response_type', 'Only response_type=code is supported');
    }
    const overlong = Object.keys(params).find((name) => params[name].length > MAX_PARAM_LENGTH);
    if (overlong !== undefined) {
      return {
        kind: 'redirect',
        location: errorRedirect(
          redirectUri,
          'invalid_request',
          `${overlong} must be at most ${MAX_PARAM_LENGTH} characters`,
        ),
      };
    }
    const allowed = app.scopes.filter((scope) =>
      (USER_SCOPES as readonly string[]).includes(scope),
    );
    const requested = params.scope
      ? [...new Set(params.scope.split(' ').filter(Boolean))]
      : allowed;
    if (requested.length === 0 || !requested.every((scope) => allowed.includes(scope))) {
      return fail('invalid_scope', 'The app may not ask for these scopes');
    }
    if (params.code_challenge_method && params.code_challenge_method !== 'S256') {
      return fail('invalid_request', 'code_challenge_method must be S256');
    }
    if (params.code_challenge_method && !params.code_challenge) {
      return fail('invalid_request', 'code_challenge is missing');
    }
    if (params.code_challenge && !CODE_CHALLENGE.test(params.code_challenge)) {
      return fail('invalid_request', 'code_challenge is not valid');
    }
    return {
      kind: 'ok',
      app,
      redirectUri,
      scopes: requested,
      params: { ...params, redirect_uri: redirectUri, scope: requested.join(' ') },
    };
  }

  private async render(
    request: BrowserRequest,
    inspection: Inspection,
    failure: { login: string; retryAfter: number | null } | null,
  ): Promise<BrowserAnswer> {
    const { locale } = request;
    if (inspection.kind === 'fatal') return errorPage(locale, 400, inspection.message);
    if (inspection.kind === 'redirect') return redirect(inspection.location);
    const cookies: string[] = [];
    const csrfToken = csrfTokenFor(request, cookies);
    const userId = failure ? null : await this.sessionUser(request.cookies);
    const profile = userId ? (await this.users.profilesByIds([userId])).get(userId) : undefined;
    if (!profile) {
      const html = renderSignIn({
        locale,
        action: '/oauth/authorize/sign-in',
        lead: translate('consent.sign_in_lead', locale, { app: inspection.app.name }) ?? '',
        fields: inspection.params,
        csrfToken,
        failure: failure && this.failureText(locale, failure.retryAfter),
        login: failure?.login,
      });
      return this.signInAnswer(failure, html, cookies);
    }
    const html = renderConsent({
      locale,
      appName: inspection.app.name,
      userName:
        profile.nickname === profile.username
          ? profile.username
          : `${profile.nickname} @${profile.username}`,
      scopes: inspection.scopes,
      redirectUri: inspection.redirectUri,
      params: inspection.params,
      csrfToken,
    });
    return page(200, html, cookies);
  }

  private signInPage(
    request: BrowserRequest,
    returnTo: string,
    failure: { login: string; retryAfter: number | null } | null,
  ): BrowserAnswer {
    const cookies: string[] = [];
    const html = renderSignIn({
      locale: request.locale,
      action: '/oauth/sign-in',
      lead: translate('sign_in.lead', request.locale) ?? '',
      fields: { return_to: returnTo },
      csrfToken: csrfTokenFor(request, cookies),
      failure: failure && this.failureText(request.locale, failure.retryAfter),
      login: failure?.login,
    });
    return this.signInAnswer(failure, html, cookies);
  }

  /** 401 for a wrong login, 429 with Retry-After while it is locked out. */
  private signInAnswer(
    failure: { retryAfter: number | null } | null,
    html: string,
    cookies: string[],
  ): BrowserAnswer {
    if (!failure) return page(200, html, cookies);
    if (failure.retryAfter === null) return page(401, html, cookies);
    return { ...page(429, html, cookies), headers: { 'retry-after': String(failure.retryAfter) } };
  }

  private failureText(locale: Locale, retryAfter: number | null): string {
    return retryAfter === null
      ? (translate('consent.sign_in_failed', locale) ?? '')
      : (translate('login_throttled', locale, { retry_after: retryAfter }) ?? '');
  }
}
