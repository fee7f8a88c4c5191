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

/** Where clients of CatchChat v4 (seed 004) call, with their own header (`upload_token` unversioned). */
const CATCHCHAT_PATH = /^\/api\/v4(\/|\?|$)|^\/api\/messages\/[^/?]+\/upload_token(\?|$)/;

/**
 * CatchChat v4's Rails-style header, `Token token="..."` (quotes optional), on its own paths
 * only; null for any other request or header.
 */
export function presentedCatchChatToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header || !CATCHCHAT_PATH.test(request.url)) return null;
  const match = /^Token\s+token=(?:"([^"\s]+)"|([^"\s,]+))\s*$/i.exec(header);
  return match ? (match[1] ?? match[2]) : null;
}

/**
 * True when the request's token may sit where passport-http-bearer does not look: the query
 * parameter a vendor route names, or CatchChat's header.
 */
export function takesVendorToken(request: FastifyRequest): boolean {
  return tokenParameterOf(request) !== 'access_token' || presentedCatchChatToken(request) !== null;
}

/**
 * RFC 6750: `Authorization: Bearer <token>`, or the `access_token` query parameter (or the one
 * the route names with `TokenQueryParameter`); on CatchChat paths also its `Token token="..."`
 * header.
 */
export function presentedBearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? match[1] : presentedCatchChatToken(request);
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
