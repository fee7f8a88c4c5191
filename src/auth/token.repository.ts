import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TokenEntity } from './entities/token.entity';

/** What the resource side needs of a presented access token, in one indexed lookup. */
export interface TokenLookup {
  id: string;
  userId: string | null;
  appId: string | null;
  scopes: string[];
  accessExpiresAt: Date | null;
  revokedAt: Date | null;
  isSystemApp: boolean;
  timeZone: string | null;
  locale: string | null;
}

@Injectable()
export class TokenRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findByAccessHash(accessTokenHash: string): Promise<TokenLookup | null> {
    const rows: TokenLookup[] = await this.dataSource.query(
      `SELECT t.id, t.user_id AS "userId", t.app_id AS "appId", t.scopes,
              t.access_expires_at AS "accessExpiresAt", t.revoked_at AS "revokedAt",
              coalesce(a.is_system, false) AS "isSystemApp",
              u.time_zone AS "timeZone", u.locale
         FROM oauth_tokens t
         LEFT JOIN users u ON u.id = t.user_id
         LEFT JOIN apps a ON a.id = t.app_id
        WHERE t.access_token_hash = $1`,
      [accessTokenHash],
    );
    return rows[0] ?? null;
  }

  async insert(token: Partial<TokenEntity>, manager?: EntityManager): Promise<TokenEntity> {
    const repo = (manager ?? this.dataSource.manager).getRepository(TokenEntity);
    return repo.save(repo.create(token));
  }
}
