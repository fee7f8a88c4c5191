import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors/domain-error';
import {
  attachPrincipal,
  AuthPrincipal,
  Scope,
  USER_SCOPES,
} from '../common/http/request-principal';
import { ACCESS_POLICY, AccessPolicy } from './access.decorator';
import { presentedBearerToken } from './request-authenticator';

/** 401 with the RFC 6750 challenge. */
export class AuthenticationRequiredError extends DomainError {
  constructor(tokenPresented: boolean) {
    super(401, tokenPresented ? 'invalid_token' : 'unauthorized');
    this.headers['WWW-Authenticate'] = tokenPresented
      ? 'Bearer realm="party", error="invalid_token"'
      : 'Bearer realm="party"';
  }
}

/** 403 naming the missing scope, with the RFC 6750 challenge listing the route's scopes. */
function insufficientScope(missing: Scope, scopes: readonly Scope[]): DomainError {
  const error = new DomainError(403, 'insufficient_scope', { scope: missing });
  error.headers['WWW-Authenticate'] =
    `Bearer realm="party", error="insufficient_scope", scope="${scopes.join(' ')}"`;
  return error;
}

/**
 * The one global auth guard: reads the route's `@Access` / `@Public` declaration, authenticates
 * the bearer token with passport-http-bearer, and checks token kind and scopes.
 */
@Injectable()
export class AccessGuard extends AuthGuard('bearer') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!policy) {
      throw new Error(
        `Route ${context.getClass().name}.${context.getHandler().name} has no access declaration`,
      );
    }
    if (policy.public) return true;

    await super.canActivate(context);
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthPrincipal }>();
    const principal = request.user;
    if (!principal) throw new AuthenticationRequiredError(presentedBearerToken(request) !== null);
    attachPrincipal(request, principal);

    const required =
      principal.kind === 'app' && policy.appScopes ? policy.appScopes : policy.scopes;
    if (policy.token !== 'any' && principal.kind !== policy.token) {
      // A user token can never hold an app-only scope (party_admin, party_notify): name it.
      const appOnly = policy.scopes.find((scope) => !USER_SCOPES.includes(scope));
      if (principal.kind === 'user' && appOnly) throw insufficientScope(appOnly, policy.scopes);
      throw new DomainError(403, 'wrong_token_kind', { kind: policy.token });
    }
    if (policy.systemApp && (principal.kind !== 'app' || !principal.isSystemApp)) {
      throw new DomainError(403, 'insufficient_scope', { scope: required.join(' ') });
    }
    const missing = required.find((scope) => !principal.scopes.has(scope));
    if (missing) throw insufficientScope(missing, required);
    return true;
  }

  override handleRequest<T>(error: unknown, user: T, _info: unknown, context: ExecutionContext): T {
    if (error) throw error instanceof Error ? error : new Error('Bearer authentication failed');
    if (!user) {
      const request = context.switchToHttp().getRequest<FastifyRequest>();
      throw new AuthenticationRequiredError(presentedBearerToken(request) !== null);
    }
    return user;
  }
}
