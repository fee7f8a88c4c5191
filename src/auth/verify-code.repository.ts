import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { VerifyCodeEntity } from './entities/verify-code.entity';
import { updateReturning } from '../common/sql/update-returning';

export interface SendCounts {
  lastHour: number;
  lastDay: number;
  /** Oldest send inside each window, to tell the caller when to retry. */
  oldestInHour: Date | null;
  oldestInDay: Date | null;
}

@Injectable()
export class VerifyCodeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Serializes sends to one number for the rest of the transaction. */
  async lockNumber(manager: EntityManager, phone: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`verify-code:${phone}`]);
  }

  /** Codes older than the daily window count for nothing any more. */
  async pruneOld(manager: EntityManager, phone: string): Promise<void> {
    await manager.query(
      `DELETE FROM verify_codes WHERE phone = $1 AND created_at <= now() - interval '1 day'`,
      [phone],
    );
  }

  async sendCounts(manager: EntityManager, phone: string): Promise<SendCounts> {
    const rows: {
      last_hour: string;
      last_day: string;
      oldest_hour: Date | null;
      oldest_day: Date | null;
    }[] = await manager.query(
      `SELECT count(*) FILTER (WHERE created_at > now() - interval '1 hour') AS last_hour,
              count(*) AS last_day,
              min(created_at) FILTER (WHERE created_at > now() - interval '1 hour') AS oldest_hour,
              min(created_at) AS oldest_day
         FROM verify_codes
        WHERE phone = $1 AND created_at > now() - interval '1 day'`,
      [phone],
    );
    const row = rows[0];
    return {
      lastHour: Number(row.last_hour),
      lastDay: Number(row.last_day),
      oldestInHour: row.oldest_hour,
      oldestInDay: row.oldest_day,
    };
  }

  async insert(manager: EntityManager, code: Partial<VerifyCodeEntity>): Promise<VerifyCodeEntity> {
    const repo = manager.getRepository(VerifyCodeEntity);
    return repo.save(repo.create(code));
  }

  /** The newest live code for a number and purpose (older ones are superseded). */
  async latest(
    phone: string,
    purpose: string,
    manager?: EntityManager,
  ): Promise<VerifyCodeEntity | null> {
    return (manager ?? this.dataSource.manager).getRepository(VerifyCodeEntity).findOne({
      where: { phone, purpose },
      order: { createdAt: 'DESC' },
    });
  }

  async recordFailure(id: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).query(
      'UPDATE verify_codes SET failed_attempts = failed_attempts + 1 WHERE id = $1',
      [id],
    );
  }

  /** Marks the code used; false when it was used (or locked) in the meantime. */
  async consume(id: string, maxAttempts: number, manager?: EntityManager): Promise<boolean> {
    const rows = await updateReturning(
      manager ?? this.dataSource.manager,
      `UPDATE verify_codes SET consumed_at = now()
        WHERE id = $1 AND consumed_at IS NULL AND failed_attempts < $2 AND expires_at > now()
        RETURNING id`,
      [id, maxAttempts],
    );
    return rows.length > 0;
  }
}
