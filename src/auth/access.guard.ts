import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors/domain-error';
import { attachPrincipal, AuthPrincipal } from '../common/http/request-principal';
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

    if (policy.token !== 'any' && principal.kind !== policy.token) {
      throw new DomainError(403, 'wrong_token_kind', { kind: policy.token });
    }
    if (policy.systemApp && (principal.kind !== 'app' || !principal.isSystemApp)) {
      throw new DomainError(403, 'insufficient_scope', { scope: policy.scopes.join(' ') });
    }
    const missing = policy.scopes.find((scope) => !principal.scopes.has(scope));
    if (missing) {
      const error = new DomainError(403, 'insufficient_scope', { scope: missing });
      error.headers['WWW-Authenticate'] =
        `Bearer realm="party", error="insufficient_scope", scope="${policy.scopes.join(' ')}"`;
      throw error;
    }
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
