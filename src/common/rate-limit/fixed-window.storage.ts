import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';

interface Window {
  endsAt: number;
  hits: number;
  blockedUntil: number;
}

const SWEEP_INTERVAL_MS = 60_000;

/**
 * The in-process rate-limit store: a fixed window per key (a counter and its end), the same
 * semantics as the Redis store's `INCR` + `PEXPIRE`. @nestjs/throttler's own memory store keeps
 * one expiry per hit and filters them all on every request, which at an hourly budget of
 * thousands is most of a request's cost.
 */
export class FixedWindowThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly now: () => number = Date.now) {
    // Unreferenced: the sweep never keeps a stopping process alive.
    setInterval(() => this.sweep(), SWEEP_INTERVAL_MS).unref();
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = this.now();
    const id = `${throttlerName}:${key}`;
    let window = this.windows.get(id);
    if (!window || (window.endsAt <= now && window.blockedUntil <= now)) {
      window = { endsAt: now + ttl, hits: 0, blockedUntil: 0 };
      this.windows.set(id, window);
    } else if (window.blockedUntil !== 0 && window.blockedUntil <= now) {
      // A block that ended starts a new window, as the Redis store does.
      window.endsAt = now + ttl;
      window.hits = 0;
      window.blockedUntil = 0;
    }
    if (window.blockedUntil === 0) {
      window.hits += 1;
      if (window.hits > limit) window.blockedUntil = now + Math.max(blockDuration, 1);
    }
    const blocked = window.blockedUntil > now;
    return {
      totalHits: window.hits,
      timeToExpire: Math.ceil((window.endsAt - now) / 1000),
      isBlocked: blocked,
      timeToBlockExpire: blocked ? Math.ceil((window.blockedUntil - now) / 1000) : 0,
    };
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, window] of this.windows) {
      if (window.endsAt <= now && window.blockedUntil <= now) this.windows.delete(id);
    }
  }
}
