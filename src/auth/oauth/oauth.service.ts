import { Inject, Injectable } from '@nestjs/common';
import OAuth2Server, {
  InvalidClientError,
  InvalidRequestError,
  Request as OAuthRequest,
  Response as OAuthResponse,
  UnsupportedGrantTypeError,
} from '@node-oauth/oauth2-server';
import { Locale } from '../../common/i18n/locale';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { AppRepository } from '../app.repository';
import { LoginThrottleService } from '../login-throttle.service';
import { TokenService } from '../token.service';
import { UserService } from '../user.service';
import { VerifyCodeService } from '../verify-code.service';
import {
  APP_GRANTS,
  basicCredentials,
  FIRST_PARTY_CLIENT_ID,
  FIRST_PARTY_GRANTS,
  OAuthClient,
  plainBasicHeader,
  SMS_GRANT_TYPE,
} from './oauth-client';
import { OAuthDeps, OAuthUser, PartyOAuthModel, SavedToken } from './oauth.model';
import { OAuthRepository } from './oauth.repository';
import { SmsGrantType } from './sms-grant';
import { MAX_INT4 } from '../../common/validation/limits';

/** What an OAuth endpoint received: Fastify's parsed request, reduced. */
export interface OAuthHttpRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  locale: Locale;
  /** The caller's address (as TRUST_PROXY tells it): failed password sign-ins count per IP. */
  ip: string;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in?: number;
  refresh_token?: string;
  scope: string;
}

export interface IntrospectionResponse {
  active: boolean;
  scope?: string;
  client_id?: string;
  username?: string;
  sub?: string;
  token_type?: string;
  exp?: number;
  iat?: number;
}

/** The longest lifetime a caller may ask for (about 68 years); 0 = never expires. */
const MAX_EXPIRES_IN = MAX_INT4;

function stringField(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

function headerValue(headers: OAuthHttpRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The OAuth 2.0 authorization server, on @node-oauth/oauth2-server. */
@Injectable()
export class OAuthService {
  private readonly deps: OAuthDeps;

  constructor(
    apps: AppRepository,
    tokens: TokenService,
    users: UserService,
    verifyCodes: VerifyCodeService,
    codes: OAuthRepository,
    loginThrottle: LoginThrottleService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.deps = { apps, tokens, users, verifyCodes, codes, loginThrottle, config };
  }

  /** A model and a server for one request (the model carries `expires_in` and the language). */
  server(grantType: string, expiresIn: number | undefined, locale: Locale, ip = '') {
    const model = new PartyOAuthModel(this.deps, { grantType, expiresIn, locale, ip });
    const server = new OAuth2Server({
      model: model.asLibraryModel(),
      // Only used by the library to compute dates we do not use; lifetimes are ours.
      accessTokenLifetime: 3600,
      refreshTokenLifetime: this.deps.config.tokens.refreshTtlSeconds,
      authorizationCodeLifetime: this.deps.config.tokens.authCodeTtlSeconds,
      allowEmptyState: true,
      requireClientAuthentication: {
        password: false,
        refresh_token: false,
        [SMS_GRANT_TYPE]: false,
      },
      extendedGrantTypes: {
        [SMS_GRANT_TYPE]: SmsGrantType as unknown as typeof OAuth2Server.AbstractGrantType,
      },
      alwaysIssueNewRefreshToken: true,
    });
    return { model, server };
  }

  private expiresIn(body: Record<string, unknown>): number | undefined {
    const raw = stringField(body, 'expires_in') ?? stringField(body, 'expiring');
    if (raw === undefined || raw === '') return undefined;
    if (!/^\d+$/.test(raw) || Number(raw) > MAX_EXPIRES_IN) {
      throw new InvalidRequestError(
        'Invalid parameter: `expires_in` must be a whole number of seconds (0 = never)',
      );
    }
    return Number(raw);
  }

  /** `POST /oauth/token`: every grant, RFC 6749 answers. */
  async token(http: OAuthHttpRequest): Promise<TokenResponse> {
    const body = { ...http.body };
    const grantType = stringField(body, 'grant_type') ?? '';
    if (!APP_GRANTS.includes(grantType)) {
      throw grantType
        ? new UnsupportedGrantTypeError('Unsupported grant type: `grant_type` is invalid')
        : new InvalidRequestError('Missing parameter: `grant_type`');
    }
    const expiresIn = this.expiresIn(body);
    const headers = { ...http.headers } as Record<string, string>;
    // The library reads Basic credentials as they come: hand it the decoded parts, and no header
    // at all for an empty one.
    const basic = basicCredentials(headerValue(http.headers, 'authorization'));
    delete headers.authorization;
    if (basic) headers.authorization = plainBasicHeader(basic);
    // The first-party client: open grants without any client credentials.
    if (FIRST_PARTY_GRANTS.includes(grantType) && !basic && !body.client_id) {
      body.client_id = FIRST_PARTY_CLIENT_ID;
    }
    // A public client proves itself with PKCE (RFC 7636 §4.5); the library would call a missing
    // verifier a client authentication failure.
    if (
      grantType === 'authorization_code' &&
      !(basic?.clientSecret ?? stringField(body, 'client_secret')) &&
      !stringField(body, 'code_verifier')
    ) {
      throw new InvalidRequestError('Missing parameter: `code_verifier`');
    }
    // Form bodies are the standard; JSON bodies are read the same way.
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] ??= '1';
    const request = new OAuthRequest({
      method: http.method,
      headers,
      query: http.query as Record<string, string>,
      body,
    });
    const response = new OAuthResponse({});
    const { server } = this.server(grantType, expiresIn, http.locale, http.ip);
    const saved = (await server.token(request, response)) as unknown as SavedToken;
    const answer: TokenResponse = {
      access_token: saved.accessToken,
      token_type: 'Bearer',
      scope: saved.scope.join(' '),
    };
    if (saved.lifetime > 0) answer.expires_in = saved.lifetime;
    if (saved.refreshToken) answer.refresh_token = saved.refreshToken;
    return answer;
  }

  /**
   * Client authentication for revocation and introspection: HTTP Basic or `client_id` +
   * `client_secret` in the body. `requireSecret` false lets a public client name itself with
   * `client_id` alone, and no credentials at all mean the first-party client.
   */
  async authenticateClient(http: OAuthHttpRequest, requireSecret: boolean): Promise<OAuthClient> {
    const basic = basicCredentials(headerValue(http.headers, 'authorization'));
    const clientId = basic?.clientId ?? stringField(http.body, 'client_id');
    const clientSecret = basic?.clientSecret ?? stringField(http.body, 'client_secret');
    const { model } = this.server('', undefined, http.locale);
    const invalid = () =>
      new InvalidClientError(
        'Invalid client: client authentication failed',
        basic || requireSecret ? { code: 401 } : { code: 400 },
      );
    if (requireSecret && (!clientId || !clientSecret)) throw invalid();
    const client = await model.getClient(clientId ?? FIRST_PARTY_CLIENT_ID, clientSecret);
    if (!client || (requireSecret && !client.app)) throw invalid();
    return client;
  }

  /** RFC 7009: revokes an access or refresh token of the calling client; always 200. */
  async revoke(http: OAuthHttpRequest): Promise<void> {
    const client = await this.authenticateClient(http, false);
    const token = stringField(http.body, 'token');
    if (!token) throw new InvalidRequestError('Missing parameter: `token`');
    const hint = stringField(http.body, 'token_type_hint');
    const found = await this.deps.tokens.findPresented(
      token,
      hint === 'refresh_token' || hint === 'access_token' ? hint : undefined,
    );
    if (!found || found.row.appId !== (client.app?.id ?? null)) return;
    if (found.kind === 'refresh_token') await this.deps.tokens.revokeFamily(found.row.familyId);
    else await this.deps.tokens.revoke(found.row.id);
  }

  /** RFC 7662: what a token is, for an authenticated app (system apps see every token). */
  async introspect(http: OAuthHttpRequest): Promise<IntrospectionResponse> {
    const client = await this.authenticateClient(http, true);
    const token = stringField(http.body, 'token');
    if (!token) throw new InvalidRequestError('Missing parameter: `token`');
    const hint = stringField(http.body, 'token_type_hint');
    const found = await this.deps.tokens.findPresented(
      token,
      hint === 'refresh_token' || hint === 'access_token' ? hint : undefined,
    );
    if (!found) return { active: false };
    const { row, kind } = found;
    if (!client.app?.isSystem && row.appId !== client.app?.id) return { active: false };
    const now = Date.now();
    const expiresAt = kind === 'access_token' ? row.accessExpiresAt : row.refreshExpiresAt;
    const active =
      row.revokedAt === null &&
      (expiresAt === null || expiresAt.getTime() > now) &&
      (kind === 'access_token' || row.refreshRotatedAt === null);
    if (!active) return { active: false };
    const owner = row.appId === null ? null : await this.deps.apps.findById(row.appId);
    const profile = row.userId
      ? (await this.deps.users.profilesByIds([row.userId])).get(row.userId)
      : undefined;
    const answer: IntrospectionResponse = {
      active: true,
      scope: row.scopes.join(' '),
      client_id: owner?.clientId ?? FIRST_PARTY_CLIENT_ID,
      token_type: kind === 'access_token' ? 'Bearer' : 'refresh_token',
      iat: Math.floor(row.createdAt.getTime() / 1000),
    };
    if (expiresAt) answer.exp = Math.floor(expiresAt.getTime() / 1000);
    if (row.userId) answer.sub = row.userId;
    if (profile) answer.username = profile.username;
    return answer;
  }

  /** Runs the library's authorization endpoint for a signed-in user; returns where to redirect. */
  async authorize(
    params: Record<string, string>,
    userId: string,
    allowed: boolean,
    locale: Locale,
  ): Promise<string> {
    const request = new OAuthRequest({
      method: 'POST',
      headers: {},
      query: params,
      body: { allowed: allowed ? 'true' : 'false' },
    });
    const response = new OAuthResponse({});
    const { server } = this.server('authorization_code', undefined, locale);
    const user: OAuthUser = { id: userId };
    try {
      await server.authorize(request, response, { authenticateHandler: { handle: () => user } });
    } catch (error) {
      const location = response.get('location') as string | undefined;
      if (location) return location;
      throw error;
    }
    return response.get('location') as string;
  }
}
