import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { prepared, PreparedStatements } from '../database/prepared-statements';
import { TokenEntity } from './entities/token.entity';
import { updateReturning } from '../common/sql/update-returning';

/** What the resource side needs of a presented access token, in one indexed lookup. */
export interface TokenLookup {
  id: string;
  familyId: string;
  userId: string | null;
  appId: string | null;
  scopes: string[];
  accessExpiresAt: Date | null;
  revokedAt: Date | null;
  isSystemApp: boolean;
  timeZone: string | null;
  locale: string | null;
}

/** Every authenticated request the token cache misses runs this. */
const TOKEN_BY_ACCESS_HASH = prepared(
  'party_token_by_access_hash',
  `SELECT t.id, t.family_id AS "familyId", t.user_id AS "userId", t.app_id AS "appId", t.scopes,
          t.access_expires_at AS "accessExpiresAt", t.revoked_at AS "revokedAt",
          coalesce(a.is_system, false) AS "isSystemApp",
          u.time_zone AS "timeZone", u.locale
     FROM oauth_tokens t
     LEFT JOIN users u ON u.id = t.user_id
     LEFT JOIN apps a ON a.id = t.app_id
    WHERE t.access_token_hash = $1`,
);

@Injectable()
export class TokenRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly statements: PreparedStatements,
  ) {}

  async findByAccessHash(accessTokenHash: string): Promise<TokenLookup | null> {
    return (
      (await this.statements.query<TokenLookup>(TOKEN_BY_ACCESS_HASH, [accessTokenHash]))[0] ?? null
    );
  }

  async insert(token: Partial<TokenEntity>, manager?: EntityManager): Promise<TokenEntity> {
    const repo = (manager ?? this.dataSource.manager).getRepository(TokenEntity);
    return repo.save(repo.create(token));
  }

  async findByRefreshHash(refreshTokenHash: string): Promise<TokenEntity | null> {
    return this.dataSource.getRepository(TokenEntity).findOne({ where: { refreshTokenHash } });
  }

  async findByAccessHashRow(accessTokenHash: string): Promise<TokenEntity | null> {
    return this.dataSource.getRepository(TokenEntity).findOne({ where: { accessTokenHash } });
  }

  /** Consumes a refresh token for rotation; false when it was used or revoked meanwhile. */
  async markRefreshRotated(id: string): Promise<boolean> {
    const rows = await updateReturning(
      this.dataSource,
      `UPDATE oauth_tokens SET refresh_rotated_at = now()
        WHERE id = $1 AND refresh_rotated_at IS NULL AND revoked_at IS NULL RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  async revoke(id: string): Promise<void> {
    await this.dataSource.query(
      'UPDATE oauth_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL',
      [id],
    );
  }

  /** Revokes every token born of one login (refresh-token reuse, code replay, revocation). */
  async isRevoked(id: string): Promise<boolean> {
    const rows: { revoked: boolean }[] = await this.dataSource.query(
      'SELECT revoked_at IS NOT NULL AS revoked FROM oauth_tokens WHERE id = $1',
      [id],
    );
    return rows[0]?.revoked ?? true;
  }

  /** Those of `ids` that are neither revoked nor expired. */
  async usableIds(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM oauth_tokens
        WHERE id = ANY($1::uuid[]) AND revoked_at IS NULL
          AND (access_expires_at IS NULL OR access_expires_at > now())`,
      [[...new Set(ids)]],
    );
    return rows.map((row) => row.id);
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.dataSource.query(
      'UPDATE oauth_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL',
      [familyId],
    );
  }
}
