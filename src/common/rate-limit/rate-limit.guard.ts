import { INestApplicationContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  getOptionsToken,
  getStorageToken,
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerException,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { FastifyReply, FastifyRequest } from 'fastify';
import { sha256Hex } from '../crypto/secrets';

/** Resolves who a request counts against: its valid token, or its IP when anonymous. */
export abstract class RateLimitTracker {
  abstract trackerFor(request: FastifyRequest): Promise<string>;
}

interface Budget {
  limit: number;
  /** Milliseconds, as @nestjs/throttler counts them. */
  ttl: number;
  blockDuration: number;
  name: string;
}

/**
 * One budget per token (per IP when anonymous) across all routes: the key ignores the route, so
 * 5,000 an hour means 5,000 in all. Runs before the access guard so that even a 401 carries the
 * `X-RateLimit-*` headers and counts; `countUnrouted` does the same for unknown paths, which
 * Fastify answers 404 before any guard.
 *
 * Headers as in seed 004 and GitHub: `X-RateLimit-Limit`, `X-RateLimit-Remaining` (0 on a 429),
 * `X-RateLimit-Reset` (the UTC epoch second the window resets), and on a 429 `Retry-After`
 * (seconds).
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly tracker: RateLimitTracker,
  ) {
    super(options, storage, reflector);
  }

  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const { req, res } = this.getRequestResponse(props.context);
    await this.count(req as FastifyRequest, res as FastifyReply, {
      limit: props.limit,
      ttl: props.ttl,
      blockDuration: props.blockDuration,
      name: props.throttler.name ?? 'default',
    });
    return true;
  }

  /** Counts a request no route matched (its 404 carries the headers too, or it is a 429). */
  async countUnrouted(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    for (const throttler of this.throttlers) {
      const { limit, ttl, blockDuration = ttl } = throttler;
      if (typeof limit !== 'number' || typeof ttl !== 'number' || typeof blockDuration !== 'number')
        throw new Error('Party configures its rate limit with numbers only');
      await this.count(request, reply, { limit, ttl, blockDuration, name: throttler.name! });
    }
  }

  private async count(request: FastifyRequest, reply: FastifyReply, budget: Budget) {
    const key = sha256Hex(`party-rate-limit:${await this.tracker.trackerFor(request)}`);
    const { totalHits, timeToExpire, isBlocked, timeToBlockExpire } =
      await this.storageService.increment(
        key,
        budget.ttl,
        budget.limit,
        budget.blockDuration,
        budget.name,
      );
    // While blocked, the budget comes back when the block ends.
    const secondsLeft = Math.max(0, Math.ceil(isBlocked ? timeToBlockExpire : timeToExpire));
    void reply.header('X-RateLimit-Limit', String(budget.limit));
    void reply.header(
      'X-RateLimit-Remaining',
      String(isBlocked ? 0 : Math.max(0, budget.limit - totalHits)),
    );
    void reply.header('X-RateLimit-Reset', String(Math.ceil(Date.now() / 1000) + secondsLeft));
    if (isBlocked) {
      void reply.header('Retry-After', String(Math.max(1, secondsLeft)));
      throw new ThrottlerException();
    }
  }
}

/**
 * The guard's counting for the requests Fastify's 404 handler answers (no Nest guard runs there),
 * built from the same options, storage and tracker as the global guard.
 */
export async function unroutedRateLimiter(
  app: INestApplicationContext,
): Promise<(request: FastifyRequest, reply: FastifyReply) => Promise<void>> {
  const guard = new RateLimitGuard(
    app.get<ThrottlerModuleOptions>(getOptionsToken()),
    app.get<ThrottlerStorage>(getStorageToken()),
    app.get(Reflector),
    app.get(RateLimitTracker),
  );
  await guard.onModuleInit();
  return (request, reply) => guard.countUnrouted(request, reply);
}
