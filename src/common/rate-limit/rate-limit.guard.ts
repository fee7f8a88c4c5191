import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { FastifyRequest } from 'fastify';
import { sha256Hex } from '../crypto/secrets';

/** Resolves who a request counts against: its valid token, or its IP when anonymous. */
export abstract class RateLimitTracker {
  abstract trackerFor(request: FastifyRequest): Promise<string>;
}

/**
 * One budget per token (per IP when anonymous) across all routes: the key ignores the route, so
 * 5,000 an hour means 5,000 in all. Runs before the access guard so that even a 401 carries the
 * `X-RateLimit-*` headers and counts.
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

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    return this.tracker.trackerFor(request as unknown as FastifyRequest);
  }

  protected override generateKey(_context: ExecutionContext, tracker: string): string {
    return sha256Hex(`party-rate-limit:${tracker}`);
  }
}
