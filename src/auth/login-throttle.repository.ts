import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { LoginThrottleStore, ThrottlePolicy } from './login-throttle.store';

/** The throttle's counts in PostgreSQL (`auth_login_throttles`): the store without Redis. */
@Injectable()
export class LoginThrottleRepository implements LoginThrottleStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Seconds until the last of `keys` is unlocked; 0 when none is locked. */
  async secondsLocked(keys: readonly string[]): Promise<number> {
    const rows: { seconds: number | null }[] = await this.dataSource.query(
      `SELECT ceil(extract(epoch FROM max(locked_until) - now()))::int AS seconds
         FROM auth_login_throttles WHERE key = ANY($1) AND locked_until > now()`,
      [keys],
    );
    return rows[0]?.seconds ?? 0;
  }

  /**
   * Counts a failure against `key` (a new window when the last one is over) and locks the key
   * when it reaches the policy's maximum: the lock lasts `lockoutSeconds` doubled for each earlier
   * lockout, up to `maxLockoutSeconds`. Two statements, each atomic on the row: a failure racing
   * another one is counted once, and only one of them locks.
   */
  async recordFailure(key: string, policy: ThrottlePolicy): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO auth_login_throttles AS t
              (key, failures, window_started_at, lockouts, locked_until, updated_at)
       VALUES ($1, 1, now(), 0, NULL, now())
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.window_started_at < now() - make_interval(secs => $2)
                         THEN 1 ELSE t.failures + 1 END,
         window_started_at = CASE WHEN t.window_started_at < now() - make_interval(secs => $2)
                                  THEN now() ELSE t.window_started_at END,
         lockouts = CASE WHEN t.updated_at < now() - make_interval(secs => $3)
                         THEN 0 ELSE t.lockouts END,
         updated_at = now()`,
      [key, policy.windowSeconds, policy.forgetSeconds],
    );
    await this.dataSource.query(
      `UPDATE auth_login_throttles
          SET failures = 0, window_started_at = now(), lockouts = lockouts + 1,
              locked_until = now() + make_interval(
                secs => least($4::float8, $3::float8 * power(2, least(lockouts, 30))))
        WHERE key = $1 AND failures >= $2`,
      [key, policy.maxFailures, policy.lockoutSeconds, policy.maxLockoutSeconds],
    );
  }

  async reset(key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM auth_login_throttles WHERE key = $1', [key]);
  }

  /** Rows neither locked nor touched for `seconds`: they no longer count for anything. */
  async deleteIdle(seconds: number): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM auth_login_throttles
        WHERE updated_at < now() - make_interval(secs => $1)
          AND (locked_until IS NULL OR locked_until < now())`,
      [seconds],
    );
  }
}
