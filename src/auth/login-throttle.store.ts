/** What the login throttle counts with, per key. */
export interface ThrottlePolicy {
  maxFailures: number;
  windowSeconds: number;
  lockoutSeconds: number;
  maxLockoutSeconds: number;
  /** Without a failure for this long, the lockout history is forgotten. */
  forgetSeconds: number;
}

/**
 * Where failed sign-ins are counted: shared by every instance. Redis when `REDIS_URL` is set (as
 * the request rate limit), else PostgreSQL.
 */
export abstract class LoginThrottleStore {
  /** Seconds until the last of `keys` is unlocked; 0 when none is locked. */
  abstract secondsLocked(keys: readonly string[]): Promise<number>;

  /**
   * Counts a failure against `key` (a new window when the last one is over) and locks the key
   * when it reaches the policy's maximum, for `lockoutSeconds` doubled for each earlier lockout
   * (at most `maxLockoutSeconds`); concurrent failures are all counted and only one locks.
   */
  abstract recordFailure(key: string, policy: ThrottlePolicy): Promise<void>;

  abstract reset(key: string): Promise<void>;

  /** Forgets keys neither locked nor touched for `seconds`. */
  abstract deleteIdle(seconds: number): Promise<void>;
}
