import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface PendingRegistration {
  mobile: string;
  phoneCode: string;
  username: string;
  passwordHash: string;
  createdAt: Date;
}

/** The CatchChat adapter's own tables: integer aliases and registrations awaiting their code. */
@Injectable()
export class CatchChatRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Reads the aliases UUIDs have and inserts those they lack, in one statement (a read of known
   * ids writes nothing).
   */
  async assignAliases(kind: string, uuids: readonly string[]): Promise<Map<string, number>> {
    const rows: { id: string; uuid: string }[] = await this.db.query(
      `WITH wanted AS (SELECT DISTINCT unnest($2::uuid[]) AS uuid),
            existing AS (
              SELECT c.id, c.uuid FROM compat_int_ids c JOIN wanted w ON w.uuid = c.uuid
               WHERE c.kind = $1),
            inserted AS (
              INSERT INTO compat_int_ids (kind, uuid)
              SELECT $1, w.uuid FROM wanted w
               WHERE NOT EXISTS (SELECT 1 FROM existing e WHERE e.uuid = w.uuid)
               ORDER BY w.uuid
              ON CONFLICT (kind, uuid) DO NOTHING
              RETURNING id, uuid)
       SELECT id, uuid FROM existing
       UNION ALL
       SELECT id, uuid FROM inserted`,
      [kind, uuids],
    );
    return new Map(rows.map((row) => [row.uuid, Number(row.id)]));
  }

  async uuidOfAlias(kind: string, id: string): Promise<string | null> {
    const rows: { uuid: string }[] = await this.db.query(
      'SELECT uuid FROM compat_int_ids WHERE kind = $1 AND id = $2',
      [kind, id],
    );
    return rows[0]?.uuid ?? null;
  }

  /**
   * Starts (or restarts) the registration of a number; registrations left a day without their
   * code are dropped on the way (their code expired long before).
   */
  async savePendingRegistration(
    registration: Omit<PendingRegistration, 'createdAt'>,
  ): Promise<void> {
    await this.db.query(
      `DELETE FROM catchchat_registrations WHERE created_at < now() - interval '1 day'`,
    );
    await this.db.query(
      `INSERT INTO catchchat_registrations (mobile, phone_code, username, password_hash)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (mobile) DO UPDATE
         SET phone_code = EXCLUDED.phone_code, username = EXCLUDED.username,
             password_hash = EXCLUDED.password_hash, created_at = now()`,
      [
        registration.mobile,
        registration.phoneCode,
        registration.username,
        registration.passwordHash,
      ],
    );
  }

  async findPendingRegistration(mobile: string): Promise<PendingRegistration | null> {
    const rows: {
      mobile: string;
      phone_code: string;
      username: string;
      password_hash: string;
      created_at: Date;
    }[] = await this.db.query(
      `SELECT mobile, phone_code, username, password_hash, created_at
         FROM catchchat_registrations WHERE mobile = $1`,
      [mobile],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      mobile: row.mobile,
      phoneCode: row.phone_code,
      username: row.username,
      passwordHash: row.password_hash,
      createdAt: row.created_at,
    };
  }

  async deletePendingRegistration(mobile: string): Promise<void> {
    await this.db.query('DELETE FROM catchchat_registrations WHERE mobile = $1', [mobile]);
  }

  /** The caller's current number passed its code now (replacing an older confirmation). */
  async recordMobileCheck(userId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO catchchat_mobile_checks (user_id, checked_at) VALUES ($1, now())
       ON CONFLICT (user_id) DO UPDATE SET checked_at = now()`,
      [userId],
    );
  }

  /** Whether the caller confirmed his current number within the last `seconds`. */
  async hasFreshMobileCheck(userId: string, seconds: number): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM catchchat_mobile_checks
        WHERE user_id = $1 AND checked_at > now() - make_interval(secs => $2)`,
      [userId, seconds],
    );
    return rows.length > 0;
  }

  async deleteMobileCheck(userId: string): Promise<void> {
    await this.db.query('DELETE FROM catchchat_mobile_checks WHERE user_id = $1', [userId]);
  }
}
