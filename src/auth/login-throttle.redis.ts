import Redis from 'ioredis';
import { LoginThrottleStore, ThrottlePolicy } from './login-throttle.store';

const PREFIX = 'login-throttle:';

/** Redis's own clock, in milliseconds: every instance reads the same one. */
const NOW = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** ARGV: window, lockout, max lockout, forget (ms); max failures. Same rules as the SQL store. */
const RECORD_FAILURE = `${NOW}
local window, lockout, maxLockout, forget, maxFailures =
  tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local v = redis.call('HMGET', KEYS[1], 'failures', 'window', 'lockouts', 'updated')
local failures, started = tonumber(v[1]) or 0, tonumber(v[2]) or now
local lockouts, updated = tonumber(v[3]) or 0, tonumber(v[4]) or now
if started < now - window then failures = 0 started = now end
if updated < now - forget then lockouts = 0 end
failures = failures + 1
if failures >= maxFailures then
  local duration = math.min(maxLockout, lockout * 2 ^ math.min(lockouts, 30))
  redis.call('HSET', KEYS[1], 'locked_until', now + duration)
  lockouts = lockouts + 1
  failures = 0
  started = now
end
redis.call('HSET', KEYS[1], 'failures', failures, 'window', started, 'lockouts', lockouts, 'updated', now)
redis.call('PEXPIRE', KEYS[1], forget + maxLockout)
return 1`;

/** The longest lock among KEYS, in whole seconds (0 = none). */
const SECONDS_LOCKED = `${NOW}
local longest = 0
for _, key in ipairs(KEYS) do
  local lockedUntil = tonumber(redis.call('HGET', key, 'locked_until')) or 0
  if lockedUntil - now > longest then longest = lockedUntil - now end
end
return math.ceil(longest / 1000)`;

/** The throttle's counts in Redis (one hash per key, expiring by itself). */
export class RedisLoginThrottleStore implements LoginThrottleStore {
  constructor(private readonly redis: Redis) {}

  async secondsLocked(keys: readonly string[]): Promise<number> {
    const seconds = await this.redis.eval(
      SECONDS_LOCKED,
      keys.length,
      ...keys.map((key) => PREFIX + key),
    );
    return Number(seconds);
  }

  async recordFailure(key: string, policy: ThrottlePolicy): Promise<void> {
    await this.redis.eval(
      RECORD_FAILURE,
      1,
      PREFIX + key,
      policy.windowSeconds * 1000,
      policy.lockoutSeconds * 1000,
      policy.maxLockoutSeconds * 1000,
      policy.forgetSeconds * 1000,
      policy.maxFailures,
    );
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(PREFIX + key);
  }

  /** Keys expire by themselves. */
  async deleteIdle(): Promise<void> {}
}
