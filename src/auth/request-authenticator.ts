import { Injectable } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { FastifyRequest } from 'fastify';
import { RateLimitTracker } from '../common/rate-limit/rate-limit.guard';
import { AuthenticationResult, TokenService } from './token.service';

const TOKEN_PARAMETER_CONFIG = 'partyTokenQueryParameter';

/**
 * The route takes its token from this query parameter instead of `access_token`: the vendor wire
 * formats (`src/compat/`) pass app tokens as `?accessToken=` (Yunzhijia) or `?token=` (Xuanxuan).
 */
export function TokenQueryParameter(name: string) {
  return RouteConfig({ [TOKEN_PARAMETER_CONFIG]: name });
}

export function tokenParameterOf(request: FastifyRequest): string {
  const config: object | undefined = request.routeOptions?.config;
  const name: unknown =
    config && TOKEN_PARAMETER_CONFIG in config
      ? (config as Record<string, unknown>)[TOKEN_PARAMETER_CONFIG]
      : undefined;
  return typeof name === 'string' ? name : 'access_token';
}

/**
 * RFC 6750: `Authorization: Bearer <token>`, or the `access_token` query parameter (or the one
 * the route names with `TokenQueryParameter`).
 */
export function presentedBearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? match[1] : null;
  }
  const query = request.query as Record<string, unknown> | undefined;
  const fromQuery = query?.[tokenParameterOf(request)];
  return typeof fromQuery === 'string' && fromQuery.length > 0 ? fromQuery : null;
}

/**
 * Resolves a request's bearer token once, however many guards ask (the rate limiter keys on it,
 * the access guard authorizes with it).
 */
@Injectable()
export class RequestAuthenticator {
  private readonly results = new WeakMap<FastifyRequest, Promise<AuthenticationResult | null>>();

  constructor(private readonly tokens: TokenService) {}

  /** Null when no token was presented. */
  resolve(request: FastifyRequest): Promise<AuthenticationResult | null> {
    let result = this.results.get(request);
    if (!result) {
      const token = presentedBearerToken(request);
      result = token === null ? Promise.resolve(null) : this.tokens.authenticate(token);
      this.results.set(request, result);
    }
    return result;
  }
}

/** Rate-limit budgets follow the token when it is valid, the client IP otherwise. */
@Injectable()
export class TokenRateLimitTracker extends RateLimitTracker {
  constructor(private readonly authenticator: RequestAuthenticator) {
    super();
  }

  async trackerFor(request: FastifyRequest): Promise<string> {
    const result = await this.authenticator.resolve(request);
    return result?.ok ? `token:${result.principal.tokenId}` : `ip:${request.ip}`;
  }
}
