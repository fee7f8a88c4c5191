import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { randomSecret, sha256Hex } from '../common/crypto/secrets';
import { isSupportedLocale } from '../common/i18n/locale';
import { AuthPrincipal, Scope, SCOPES } from '../common/http/request-principal';
import { TokenEntity } from './entities/token.entity';
import { TokenCache, TokenInvalidation } from './token-cache';
import { TokenRepository } from './token.repository';

export interface IssueTokenInput {
  userId: string | null;
  appId: string | null;
  scopes: readonly Scope[];
  grantType: string;
  /** Seconds until the access token expires; 0 means never. */
  expiresIn: number;
  /** Seconds the refresh token lives; null issues no refresh token (app tokens). */
  refreshTtlSeconds: number | null;
  familyId?: string;
}

export interface IssuedToken {
  id: string;
  accessToken: string;
  refreshToken: string | null;
  accessExpiresAt: Date | null;
  refreshExpiresAt: Date | null;
  scopes: Scope[];
}

export type AuthenticationResult =
  { ok: true; principal: AuthPrincipal } | { ok: false; reason: 'invalid_token' };

function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

@Injectable()
export class TokenService {
  constructor(
    private readonly tokens: TokenRepository,
    private readonly cache: TokenCache,
  ) {}

  /** Creates an access token (and refresh token); only their SHA-256 hashes are stored. */
  async issue(input: IssueTokenInput, manager?: EntityManager): Promise<IssuedToken> {
    const accessToken = randomSecret();
    const refreshToken = input.refreshTtlSeconds === null ? null : randomSecret();
    const now = Date.now();
    const accessExpiresAt = input.expiresIn > 0 ? new Date(now + input.expiresIn * 1000) : null;
    const refreshExpiresAt =
      input.refreshTtlSeconds === null ? null : new Date(now + input.refreshTtlSeconds * 1000);
    const row = await this.tokens.insert(
      {
        accessTokenHash: sha256Hex(accessToken),
        refreshTokenHash: refreshToken === null ? null : sha256Hex(refreshToken),
        familyId: input.familyId ?? randomUUID(),
        userId: input.userId,
        appId: input.appId,
        scopes: [...input.scopes],
        grantType: input.grantType,
        accessExpiresAt,
        refreshExpiresAt,
      },
      manager,
    );
    return {
      id: row.id,
      accessToken,
      refreshToken,
      accessExpiresAt,
      refreshExpiresAt,
      scopes: [...input.scopes],
    };
  }

  /** The stored row of an access or refresh token (for revocation and introspection). */
  async findPresented(
    token: string,
    hint: 'access_token' | 'refresh_token' | undefined,
  ): Promise<{ row: TokenEntity; kind: 'access_token' | 'refresh_token' } | null> {
    const hash = sha256Hex(token);
    const order: ('access_token' | 'refresh_token')[] =
      hint === 'refresh_token'
        ? ['refresh_token', 'access_token']
        : ['access_token', 'refresh_token'];
    for (const kind of order) {
      const row =
        kind === 'access_token'
          ? await this.tokens.findByAccessHashRow(hash)
          : await this.tokens.findByRefreshHash(hash);
      if (row) return { row, kind };
    }
    return null;
  }

  findByRefreshToken(refreshToken: string): Promise<TokenEntity | null> {
    return this.tokens.findByRefreshHash(sha256Hex(refreshToken));
  }

  markRefreshRotated(id: string): Promise<boolean> {
    return this.tokens.markRefreshRotated(id);
  }

  async revoke(id: string): Promise<void> {
    await this.tokens.revoke(id);
    this.cache.invalidate({ tokenIds: [id] });
  }

  isRevoked(id: string): Promise<boolean> {
    return this.tokens.isRevoked(id);
  }

  /** Those of the token ids still usable (open realtime connections are checked with it). */
  async usableIds(ids: readonly string[]): Promise<Set<string>> {
    return new Set(await this.tokens.usableIds(ids));
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.tokens.revokeFamily(familyId);
    this.cache.invalidate({ familyId });
  }

  /** A change to what lookups answer that is not a revocation (a profile, a deleted app). */
  forget(change: TokenInvalidation): void {
    this.cache.invalidate(change);
  }

  /** Resolves a presented access token to who is calling; expired or revoked tokens fail. */
  async authenticate(accessToken: string): Promise<AuthenticationResult> {
    const hash = sha256Hex(accessToken);
    const now = Date.now();
    let found = this.cache.get(hash, now);
    if (!found) {
      found = (await this.tokens.findByAccessHash(hash)) ?? undefined;
      if (found) this.cache.set(hash, found, now);
    }
    if (!found || found.revokedAt !== null) return { ok: false, reason: 'invalid_token' };
    if (found.accessExpiresAt !== null && found.accessExpiresAt.getTime() <= now) {
      return { ok: false, reason: 'invalid_token' };
    }
    const base = {
      tokenId: found.id,
      scopes: new Set(found.scopes.filter(isScope)),
      locale: found.locale !== null && isSupportedLocale(found.locale) ? found.locale : null,
      timeZone: found.timeZone ?? 'UTC',
    };
    if (found.userId !== null) {
      return {
        ok: true,
        principal: { ...base, kind: 'user', userId: found.userId, appId: found.appId },
      };
    }
    if (found.appId !== null) {
      return {
        ok: true,
        principal: { ...base, kind: 'app', appId: found.appId, isSystemApp: found.isSystemApp },
      };
    }
    return { ok: false, reason: 'invalid_token' };
  }
}
