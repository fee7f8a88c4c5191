import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import {
  ApiExcludeEndpoint,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { parse as parseCookie, serialize as serializeCookie } from 'cookie';
import { FastifyReply, FastifyRequest } from 'fastify';
import { randomSecret, sha256Hex } from '../../common/crypto/secrets';
import { Locale, resolveLocale } from '../../common/i18n/locale';
import { translate } from '../../common/i18n/messages';
import { USER_SCOPES } from '../../common/http/request-principal';
import { Public } from '../access.decorator';
import { AppRepository } from '../app.repository';
import { AppEntity } from '../entities/app.entity';
import { UserService } from '../user.service';
import { renderConsent, renderError, renderSignIn } from './consent-page';
import { OAuthExceptionFilter } from './oauth-exception.filter';
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
const SESSION_COOKIE = 'party_session';
const CSRF_COOKIE = 'party_csrf';
const SESSION_TTL_SECONDS = 12 * 3600;
const CODE_CHALLENGE = /^[A-Za-z0-9._~-]{43,128}$/;

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

function cookies(request: FastifyRequest): Record<string, string | undefined> {
  return parseCookie(request.headers.cookie ?? '');
}

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

function field(source: unknown, name: string): string {
  const value =
    source && typeof source === 'object' ? (source as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '';
}

function sameSecret(a: string, b: string): boolean {
  const [left, right] = [Buffer.from(a), Buffer.from(b)];
  return left.length > 0 && left.length === right.length && timingSafeEqual(left, right);
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

/**
 * `GET /oauth/authorize`: the consent page (server-rendered HTML). Sign-in form when the browser
 * has no Party session, then the app and each scope it asks for, Approve / Deny. Forms carry a
 * CSRF token matched against a cookie; redirect URIs must match a registered one exactly.
 */
@ApiTags('oauth')
@Controller('oauth/authorize')
@UseFilters(OAuthExceptionFilter)
export class ConsentController {
  constructor(
    private readonly apps: AppRepository,
    private readonly users: UserService,
    private readonly store: OAuthRepository,
    private readonly oauth: OAuthService,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Consent page (authorization endpoint, RFC 6749 §4.1)',
    description:
      'Server-rendered HTML in the language of Accept-Language: a sign-in form when the browser has no Party session, then the app and each scope it asks for with Approve / Deny. Approve redirects (303) to `redirect_uri` with `code` and `state`; Deny with `error=access_denied`. `redirect_uri` must equal a registered one exactly (optional when the app registered exactly one). PKCE: `code_challenge` with `code_challenge_method=S256` (plain is refused); public clients (no secret) must use it.',
  })
  @ApiProduces('text/html')
  @ApiQuery({ name: 'response_type', enum: ['code'] })
  @ApiQuery({ name: 'client_id', type: String })
  @ApiQuery({ name: 'redirect_uri', type: String, required: false })
  @ApiQuery({
    name: 'scope',
    type: String,
    required: false,
    description: 'Space-separated; default: every user scope the app may get',
  })
  @ApiQuery({ name: 'state', type: String, required: false })
  @ApiQuery({ name: 'code_challenge', type: String, required: false })
  @ApiQuery({ name: 'code_challenge_method', enum: ['S256'], required: false })
  @ApiOkResponse({ description: 'The sign-in or consent page (HTML)' })
  @ApiResponse({
    status: 303,
    description:
      'Redirect to `redirect_uri` with an RFC 6749 error (`invalid_scope`, `unsupported_response_type`, `invalid_request`)',
  })
  @ApiResponse({
    status: 400,
    description:
      'HTML error page: unknown `client_id` or a `redirect_uri` that is not registered (never redirected)',
  })
  async showConsentPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const locale = resolveLocale(request.headers['accept-language']);
    const inspection = await this.inspect(pickParams(request.query));
    await this.render(request, reply, locale, inspection, false);
  }

  @Post('sign-in')
  @Public()
  @ApiExcludeEndpoint()
  async signInOnConsentPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = resolveLocale(request.headers['accept-language']);
    if (!this.csrfOk(request)) return this.sendCsrfFailure(reply, locale);
    const inspection = await this.inspect(pickParams(request.body));
    if (inspection.kind !== 'ok') return this.render(request, reply, locale, inspection, false);
    const login = field(request.body, 'login');
    const userId = login
      ? await this.users.authenticatePassword(login, field(request.body, 'password'))
      : null;
    if (!userId) return this.render(request, reply, locale, inspection, true, login);
    const secret = randomSecret(32);
    await this.store.insertSession({
      secretHash: sha256Hex(secret),
      userId,
      expiresAt: new Date(Date.now() + SESSION_TTL_SECONDS * 1000),
    });
    this.setCookie(request, reply, SESSION_COOKIE, secret, SESSION_TTL_SECONDS);
    void reply.status(303).header('location', this.selfUrl(inspection.params)).send();
  }

  @Post('sign-out')
  @Public()
  @ApiExcludeEndpoint()
  async signOutOfConsentPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = resolveLocale(request.headers['accept-language']);
    if (!this.csrfOk(request)) return this.sendCsrfFailure(reply, locale);
    const secret = cookies(request)[SESSION_COOKIE];
    if (secret) await this.store.deleteSession(sha256Hex(secret));
    this.setCookie(request, reply, SESSION_COOKIE, '', 0);
    void reply
      .status(303)
      .header('location', this.selfUrl(pickParams(request.body)))
      .send();
  }

  @Post()
  @Public()
  @ApiExcludeEndpoint()
  async decideConsent(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const locale = resolveLocale(request.headers['accept-language']);
    if (!this.csrfOk(request)) return this.sendCsrfFailure(reply, locale);
    const inspection = await this.inspect(pickParams(request.body));
    const userId = await this.sessionUser(request);
    if (inspection.kind !== 'ok' || !userId) {
      return this.render(request, reply, locale, inspection, false);
    }
    const approved = field(request.body, 'decision') === 'approve';
    const location = await this.oauth.authorize(inspection.params, userId, approved, locale);
    void reply.status(303).header('location', location).header('cache-control', 'no-store').send();
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
    request: FastifyRequest,
    reply: FastifyReply,
    locale: Locale,
    inspection: Inspection,
    failedSignIn: boolean,
    login?: string,
  ): Promise<void> {
    if (inspection.kind === 'fatal') {
      return this.sendHtml(
        reply,
        400,
        renderError(locale, translate(inspection.message, locale) ?? inspection.message),
      );
    }
    if (inspection.kind === 'redirect') {
      void reply.status(303).header('location', inspection.location).send();
      return;
    }
    const csrfToken = this.csrfToken(request, reply);
    const userId = failedSignIn ? null : await this.sessionUser(request);
    const profile = userId ? (await this.users.profilesByIds([userId])).get(userId) : undefined;
    if (!profile) {
      const page = renderSignIn({
        locale,
        appName: inspection.app.name,
        params: inspection.params,
        csrfToken,
        failed: failedSignIn,
        login,
      });
      return this.sendHtml(reply, failedSignIn ? 401 : 200, page);
    }
    const page = renderConsent({
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
    return this.sendHtml(reply, 200, page);
  }

  private sendHtml(reply: FastifyReply, status: number, html: string): void {
    void reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-frame-options', 'DENY')
      .header('x-content-type-options', 'nosniff')
      .header(
        'content-security-policy',
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      )
      .send(html);
  }

  private sendCsrfFailure(reply: FastifyReply, locale: Locale): void {
    this.sendHtml(
      reply,
      403,
      renderError(locale, translate('consent.csrf_failed', locale) ?? 'csrf'),
    );
  }

  private async sessionUser(request: FastifyRequest): Promise<string | null> {
    const secret = cookies(request)[SESSION_COOKIE];
    return secret ? this.store.findSessionUser(sha256Hex(secret)) : null;
  }

  /** Double-submit CSRF token: the form field must equal the cookie set with the page. */
  private csrfToken(request: FastifyRequest, reply: FastifyReply): string {
    const existing = cookies(request)[CSRF_COOKIE];
    if (existing && /^[A-Za-z0-9_-]{32,64}$/.test(existing)) return existing;
    const token = randomBytes(24).toString('base64url');
    this.setCookie(request, reply, CSRF_COOKIE, token, SESSION_TTL_SECONDS);
    return token;
  }

  private csrfOk(request: FastifyRequest): boolean {
    return sameSecret(field(request.body, 'csrf_token'), cookies(request)[CSRF_COOKIE] ?? '');
  }

  private setCookie(
    request: FastifyRequest,
    reply: FastifyReply,
    name: string,
    value: string,
    maxAge: number,
  ): void {
    const cookie = serializeCookie(name, value, {
      path: '/oauth',
      httpOnly: true,
      sameSite: 'lax',
      maxAge,
      secure: request.protocol === 'https',
    });
    const existing = reply.getHeader('set-cookie');
    const list =
      existing === undefined
        ? []
        : Array.isArray(existing)
          ? existing.map(String)
          : [String(existing)];
    void reply.header('set-cookie', [...list, cookie]);
  }

  private selfUrl(params: Record<string, string>): string {
    return `/oauth/authorize?${new URLSearchParams(params).toString()}`;
  }
}
