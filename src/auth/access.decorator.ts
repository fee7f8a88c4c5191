import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOAuth2,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { FastifyRequest } from 'fastify';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope';
import {
  AppPrincipal,
  AuthPrincipal,
  requestPrincipal,
  Scope,
  UserPrincipal,
} from '../common/http/request-principal';

export type TokenKind = 'user' | 'app' | 'any';

export type AccessPolicy =
  | { public: true }
  | {
      public: false;
      scopes: readonly Scope[];
      /** Scopes an app token needs instead of `scopes` (a route open to both kinds). */
      appScopes?: readonly Scope[];
      token: TokenKind;
      systemApp: boolean;
    };

export const ACCESS_POLICY = 'party:access-policy';

const tooMany = ApiTooManyRequestsResponse({
  description: 'Over the rate limit (`rate_limited`); see `Retry-After`',
  type: ErrorEnvelopeDto,
});

/**
 * The route's auth declaration: the scopes its token must carry (all of them) and whether a user
 * or an app token is required. Every route has exactly one `@Access` or `@Public`.
 */
export function Access(options: {
  scopes: readonly Scope[];
  token?: TokenKind;
  /**
   * On a `token: 'any'` route, the scopes an app token needs instead of `scopes` (a system app's
   * `party_admin` broadcast needs no `party_message`).
   */
  appScopes?: readonly Scope[];
  /** App tokens only of system apps (party_admin routes). */
  systemApp?: boolean;
}) {
  const token = options.token ?? 'user';
  const policy: AccessPolicy = {
    public: false,
    scopes: options.scopes,
    appScopes: options.appScopes,
    token,
    systemApp: options.systemApp ?? false,
  };
  return applyDecorators(
    SetMetadata(ACCESS_POLICY, policy),
    ApiOAuth2([...options.scopes], 'oauth2'),
    ...(options.appScopes ? [ApiOAuth2([...options.appScopes], 'oauth2')] : []),
    ApiBearerAuth('bearer'),
    ApiUnauthorizedResponse({
      description:
        'No token (`unauthorized`), or one that is invalid, expired or revoked (`invalid_token`)',
      type: ErrorEnvelopeDto,
    }),
    ApiForbiddenResponse({
      description: `${describeAccess(policy)} (\`insufficient_scope\`), or the caller lacks the role (\`forbidden\`)`,
      type: ErrorEnvelopeDto,
    }),
    tooMany,
  );
}

/** What a route's token must be, in words ("Needs a user token with scope `party_group`"). */
export function describeAccess(policy: AccessPolicy): string {
  if (policy.public) return 'Needs no access token';
  const scopeList = (scopes: readonly Scope[]) => scopes.map((s) => `\`${s}\``).join(', ');
  const who =
    policy.token === 'any'
      ? 'a user or app token'
      : policy.systemApp
        ? "a system app's app token"
        : `a ${policy.token} token`;
  const needs = `Needs ${who} with scope ${scopeList(policy.scopes)}`;
  return policy.appScopes ? `${needs} (app tokens: ${scopeList(policy.appScopes)})` : needs;
}

/**
 * Declares a route that needs no token. `rateLimited: false` takes it out of the rate limit
 * too (the health route, polled by load balancers).
 */
export function Public(options: { rateLimited?: boolean } = {}) {
  return applyDecorators(
    SetMetadata(ACCESS_POLICY, { public: true } satisfies AccessPolicy),
    options.rateLimited === false ? SkipThrottle() : tooMany,
  );
}

function principalOf(context: ExecutionContext): AuthPrincipal {
  const principal = requestPrincipal(context.switchToHttp().getRequest<FastifyRequest>());
  if (!principal) throw new Error('No principal on an authenticated route');
  return principal;
}

/** The caller of an `@Access` route (user or app). */
export const Principal = createParamDecorator((_: unknown, context: ExecutionContext) =>
  principalOf(context),
);

/** The calling user of a `@Access({token: 'user'})` route. */
export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): UserPrincipal => {
    const principal = principalOf(context);
    if (principal.kind !== 'user') throw new Error('CurrentUser on a route open to app tokens');
    return principal;
  },
);

/** The calling app of a `@Access({token: 'app'})` route. */
export const CurrentApp = createParamDecorator(
  (_: unknown, context: ExecutionContext): AppPrincipal => {
    const principal = principalOf(context);
    if (principal.kind !== 'app') throw new Error('CurrentApp on a route open to user tokens');
    return principal;
  },
);
