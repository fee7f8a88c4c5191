import { randomUUID } from 'node:crypto';
import OAuth2Server, { InvalidGrantError } from '@node-oauth/oauth2-server';
import { randomSecret, sha256Hex } from '../../common/crypto/secrets';
import { Locale } from '../../common/i18n/locale';
import { translate } from '../../common/i18n/messages';
import { Scope, SCOPES, USER_SCOPES } from '../../common/http/request-principal';
import { AppConfig } from '../../config/app-config';
import '../auth.messages';
import { AppRepository } from '../app.repository';
import { LoginThrottleService } from '../login-throttle.service';
import { normalizeMobile } from '../phone';
import { TokenService } from '../token.service';
import { UserService } from '../user.service';
import { VerifyCodeService } from '../verify-code.service';
import {
  clientOf,
  FIRST_PARTY_CLIENT,
  FIRST_PARTY_CLIENT_ID,
  OAuthClient,
  secretMatches,
  SMS_GRANT_TYPE,
} from './oauth-client';
import { OAuthRepository } from './oauth.repository';

/** Who a token acts for: a user, or (id null) the app itself. */
export interface OAuthUser {
  id: string | null;
  /** The token family to continue (refresh rotation, authorization code). */
  familyId?: string;
  /** Lifetime in seconds of the token being refreshed (0 = never). */
  lifetime?: number;
  /** The token whose refresh token is being rotated. */
  rotatedFrom?: string;
}

export interface SavedToken {
  accessToken: string;
  accessTokenExpiresAt?: Date;
  refreshToken?: string;
  refreshTokenExpiresAt?: Date;
  scope: string[];
  client: OAuthClient;
  user: OAuthUser;
  /** Seconds the access token lives; 0 = never. */
  lifetime: number;
}

export interface OAuthRequestContext {
  grantType: string;
  /** What the caller asked for (`expires_in`); undefined = the grant's default. */
  expiresIn: number | undefined;
  locale: Locale;
  /** The caller's address: password failures count against it too. */
  ip: string;
}

export interface OAuthDeps {
  apps: AppRepository;
  tokens: TokenService;
  users: UserService;
  verifyCodes: VerifyCodeService;
  codes: OAuthRepository;
  loginThrottle: LoginThrottleService;
  config: AppConfig;
}

function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** The scopes a client may get: first-party = user scopes; apps = their own (user ones for users). */
export function allowedScopes(client: OAuthClient, forUser: boolean): Scope[] {
  if (!client.app) return [...USER_SCOPES];
  const own = client.app.scopes.filter(isScope);
  return forUser ? own.filter((scope) => USER_SCOPES.includes(scope)) : own;
}

/**
 * The @node-oauth/oauth2-server model, one per request (it carries the requested lifetime and
 * the caller's language). Tokens and codes are random and stored as SHA-256 hashes only.
 */
export class PartyOAuthModel {
  constructor(
    private readonly deps: OAuthDeps,
    private readonly context: OAuthRequestContext,
  ) {}

  private text(code: string): string {
    return translate(code, this.context.locale) ?? code;
  }

  async getClient(
    clientId: string,
    clientSecret: string | null | undefined,
  ): Promise<OAuthClient | null> {
    if (clientId === FIRST_PARTY_CLIENT_ID) return clientSecret ? null : FIRST_PARTY_CLIENT;
    const app = await this.deps.apps.findByClientId(clientId);
    if (!app) return null;
    if (clientSecret && !secretMatches(app, clientSecret)) return null;
    return clientOf(app);
  }

  async getUser(login: string, password: string): Promise<OAuthUser> {
    const userId = await this.deps.loginThrottle.authenticate(login, password, this.context.ip);
    if (!userId) throw new InvalidGrantError(this.text('oauth.invalid_login'));
    return { id: userId };
  }

  /** The `urn:party:params:oauth:grant-type:sms` grant: mobile + a `login` verify code. */
  async getUserBySms(
    phoneCode: string | undefined,
    mobile: string,
    code: string,
  ): Promise<OAuthUser> {
    const normalized = normalizeMobile(phoneCode, mobile);
    const failure = new InvalidGrantError(this.text('oauth.invalid_sms_login'));
    if (!normalized) throw failure;
    const outcome = await this.deps.verifyCodes.verify(normalized.e164, 'login', code);
    if (outcome !== 'ok') throw failure;
    const userId = await this.deps.users.findIdByMobile(normalized.e164);
    if (!userId) throw failure;
    return { id: userId };
  }

  async getUserFromClient(client: OAuthClient): Promise<OAuthUser | false> {
    return client.app ? { id: null } : false;
  }

  async validateScope(
    user: OAuthUser,
    client: OAuthClient,
    scope: string[] | undefined,
  ): Promise<string[] | false> {
    const allowed = allowedScopes(client, user.id !== null);
    if (!scope || scope.length === 0) return allowed.length > 0 ? allowed : false;
    const unique = [...new Set(scope)];
    return unique.every((s) => (allowed as string[]).includes(s)) ? unique : false;
  }

  private defaultLifetime(user: OAuthUser): number {
    const { tokens } = this.deps.config;
    switch (this.context.grantType) {
      case 'password':
        return tokens.passwordTtlSeconds;
      case SMS_GRANT_TYPE:
        return tokens.smsTtlSeconds;
      case 'refresh_token':
        return user.lifetime ?? tokens.passwordTtlSeconds;
      default:
        return tokens.appTtlSeconds;
    }
  }

  async saveToken(
    token: { scope?: string[] },
    client: OAuthClient,
    user: OAuthUser,
  ): Promise<SavedToken> {
    const lifetime = this.context.expiresIn ?? this.defaultLifetime(user);
    const scopes = (token.scope ?? []).filter(isScope);
    const issued = await this.deps.tokens.issue({
      userId: user.id,
      appId: client.app?.id ?? null,
      scopes,
      grantType: this.context.grantType,
      expiresIn: lifetime,
      refreshTtlSeconds: user.id === null ? null : this.deps.config.tokens.refreshTtlSeconds,
      familyId: user.familyId,
    });
    if (user.rotatedFrom && user.familyId && (await this.deps.tokens.isRevoked(user.rotatedFrom))) {
      // A replay of the same refresh token revoked the login while this rotation was under way,
      // before the new token existed: it goes with the rest of its family.
      await this.deps.tokens.revokeFamily(user.familyId);
      throw new InvalidGrantError(this.text('oauth.invalid_refresh_token'));
    }
    return {
      accessToken: issued.accessToken,
      accessTokenExpiresAt: issued.accessExpiresAt ?? undefined,
      refreshToken: issued.refreshToken ?? undefined,
      refreshTokenExpiresAt: issued.refreshExpiresAt ?? undefined,
      scope: issued.scopes,
      client,
      user,
      lifetime,
    };
  }

  async getRefreshToken(refreshToken: string) {
    const row = await this.deps.tokens.findByRefreshToken(refreshToken);
    if (!row || row.userId === null) return null;
    if (row.refreshRotatedAt !== null) {
      // A rotated refresh token came back: someone kept a copy. End the whole login, every time
      // (tokens issued since an earlier replay included).
      await this.deps.tokens.revokeFamily(row.familyId);
      return null;
    }
    if (row.revokedAt !== null) return null;
    let client = FIRST_PARTY_CLIENT;
    if (row.appId) {
      const app = await this.deps.apps.findById(row.appId);
      if (!app) return null;
      client = clientOf(app);
    }
    const lifetime =
      row.accessExpiresAt === null
        ? 0
        : Math.max(1, Math.round((row.accessExpiresAt.getTime() - row.createdAt.getTime()) / 1000));
    return {
      refreshToken,
      refreshTokenExpiresAt: row.refreshExpiresAt ?? undefined,
      scope: row.scopes,
      client,
      user: {
        id: row.userId,
        familyId: row.familyId,
        lifetime,
        rotatedFrom: row.id,
      } satisfies OAuthUser,
      tokenId: row.id,
    };
  }

  async revokeToken(token: { tokenId: string }): Promise<boolean> {
    return this.deps.tokens.markRefreshRotated(token.tokenId);
  }

  async generateAuthorizationCode(): Promise<string> {
    return randomSecret(32);
  }

  async saveAuthorizationCode(
    code: {
      authorizationCode: string;
      expiresAt: Date;
      redirectUri: string;
      scope?: string[];
      codeChallenge?: string;
      codeChallengeMethod?: string;
    },
    client: OAuthClient,
    user: OAuthUser,
  ) {
    if (!client.app || !user.id) throw new InvalidGrantError('Invalid grant');
    await this.deps.codes.insertCode({
      codeHash: sha256Hex(code.authorizationCode),
      appId: client.app.id,
      userId: user.id,
      redirectUri: code.redirectUri,
      scopes: code.scope ?? [],
      codeChallenge: code.codeChallenge ?? null,
      codeChallengeMethod: code.codeChallenge ? (code.codeChallengeMethod ?? 'S256') : null,
      familyId: randomUUID(),
      expiresAt: new Date(Date.now() + this.deps.config.tokens.authCodeTtlSeconds * 1000),
    });
    return { ...code, client, user };
  }

  async getAuthorizationCode(authorizationCode: string) {
    const row = await this.deps.codes.findCodeByHash(sha256Hex(authorizationCode));
    if (!row) return null;
    if (row.usedAt !== null) {
      // RFC 6749 §4.1.2: a replayed code revokes what it was exchanged for.
      await this.deps.tokens.revokeFamily(row.familyId);
      return null;
    }
    const app = await this.deps.apps.findById(row.appId);
    if (!app) return null;
    return {
      authorizationCode,
      expiresAt: row.expiresAt,
      redirectUri: row.redirectUri,
      scope: row.scopes,
      client: clientOf(app),
      user: { id: row.userId, familyId: row.familyId } satisfies OAuthUser,
      codeChallenge: row.codeChallenge ?? undefined,
      codeChallengeMethod: row.codeChallengeMethod ?? undefined,
      codeId: row.id,
    };
  }

  async revokeAuthorizationCode(code: { codeId: string }): Promise<boolean> {
    return this.deps.codes.markCodeUsed(code.codeId);
  }

  /** Only what the token endpoint and the authorize handler use; never resource-side checks. */
  async getAccessToken(): Promise<false> {
    return false;
  }

  async verifyScope(): Promise<boolean> {
    return false;
  }

  asLibraryModel(): OAuth2Server.ServerOptions['model'] {
    return this;
  }
}
