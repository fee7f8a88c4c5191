import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthorizationCodeEntity } from '../entities/authorization-code.entity';
import { BrowserSessionEntity } from '../entities/browser-session.entity';
import { updateReturning } from '../../common/sql/update-returning';

/** Authorization codes and consent-page browser sessions. */
@Injectable()
export class OAuthRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertCode(code: Partial<AuthorizationCodeEntity>): Promise<AuthorizationCodeEntity> {
    const repo = this.dataSource.getRepository(AuthorizationCodeEntity);
    return repo.save(repo.create(code));
  }

  async findCodeByHash(codeHash: string): Promise<AuthorizationCodeEntity | null> {
    return this.dataSource.getRepository(AuthorizationCodeEntity).findOne({ where: { codeHash } });
  }

  /** Uses a code once; false when it was used meanwhile. */
  async markCodeUsed(id: string): Promise<boolean> {
    const rows = await updateReturning(
      this.dataSource,
      'UPDATE oauth_authorization_codes SET used_at = now() WHERE id = $1 AND used_at IS NULL RETURNING id',
      [id],
    );
    return rows.length > 0;
  }

  /** Starts a session; the user's expired ones go. */
  async insertSession(session: Partial<BrowserSessionEntity>): Promise<void> {
    await this.dataSource.query(
      'DELETE FROM auth_browser_sessions WHERE user_id = $1 AND expires_at <= now()',
      [session.userId],
    );
    const repo = this.dataSource.getRepository(BrowserSessionEntity);
    await repo.save(repo.create(session));
  }

  async findSessionUser(secretHash: string): Promise<string | null> {
    const rows: { user_id: string }[] = await this.dataSource.query(
      'SELECT user_id FROM auth_browser_sessions WHERE secret_hash = $1 AND expires_at > now()',
      [secretHash],
    );
    return rows[0]?.user_id ?? null;
  }

  async deleteSession(secretHash: string): Promise<void> {
    await this.dataSource.query('DELETE FROM auth_browser_sessions WHERE secret_hash = $1', [
      secretHash,
    ]);
  }
}
