import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';

export interface KeyClaim {
  principal: string;
  keyHash: string;
  route: string;
  requestHash: string;
  leaseSeconds: number;
  retentionSeconds: number;
}

export interface StoredKey {
  id: string;
  route: string;
  requestHash: string;
  status: 'in_progress' | 'done';
  committed: boolean;
  /** The first request's lease is over: it is not running any more. */
  leaseOver: boolean;
  responseStatus: number | null;
  response: string | null;
}

/** SQL of the `idempotency_keys` table. */
@Injectable()
export class IdempotencyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Takes the key for a new request: a fresh row, or over a row past retention, or over a first
   * attempt that ended (lease over) without committing anything and asked the same thing. Null
   * when another row holds the key.
   */
  async claim(claim: KeyClaim): Promise<string | null> {
    const rows: { id: string }[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys AS k
              (principal, key_hash, route, request_hash, status, locked_until)
       VALUES ($1, $2, $3, $4, 'in_progress', now() + make_interval(secs => $5))
       ON CONFLICT (principal, key_hash) DO UPDATE
          SET route = EXCLUDED.route, request_hash = EXCLUDED.request_hash,
              status = 'in_progress', committed = false, locked_until = EXCLUDED.locked_until,
              response_status = NULL, response = NULL, created_at = now()
        WHERE k.created_at < now() - make_interval(secs => $6)
           OR (k.status = 'in_progress' AND NOT k.committed AND k.locked_until < now()
               AND k.route = EXCLUDED.route AND k.request_hash = EXCLUDED.request_hash)
       RETURNING id`,
      [
        claim.principal,
        claim.keyHash,
        claim.route,
        claim.requestHash,
        claim.leaseSeconds,
        claim.retentionSeconds,
      ],
    );
    return rows[0]?.id ?? null;
  }

  async find(principal: string, keyHash: string): Promise<StoredKey | null> {
    const rows: StoredKey[] = await this.dataSource.query(
      `SELECT id, route, request_hash AS "requestHash", status, committed,
              locked_until < now() AS "leaseOver", response_status AS "responseStatus", response
         FROM idempotency_keys WHERE principal = $1 AND key_hash = $2`,
      [principal, keyHash],
    );
    return rows[0] ?? null;
  }

  /** Inside the transaction being committed: whatever it writes now belongs to this key. */
  async markCommitted(runner: QueryRunner, id: string): Promise<void> {
    await runner.query(
      'UPDATE idempotency_keys SET committed = true WHERE id = $1 AND NOT committed',
      [id],
    );
  }

  async complete(id: string, status: number, sealedResponse: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys
          SET status = 'done', response_status = $2, response = $3, locked_until = now()
        WHERE id = $1`,
      [id, status, sealedResponse],
    );
  }

  /**
   * A first request failed: its key is freed when it committed nothing (a retry runs afresh),
   * else its lease ends now (a retry learns at once that it was carried out).
   */
  async endFailed(id: string): Promise<void> {
    await this.dataSource.query(
      `WITH freed AS (DELETE FROM idempotency_keys WHERE id = $1 AND NOT committed RETURNING id)
       UPDATE idempotency_keys SET locked_until = now()
        WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM freed)`,
      [id],
    );
  }

  async deleteOlderThan(seconds: number): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      'DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => $1)',
      [seconds],
    );
    return count;
  }
}
