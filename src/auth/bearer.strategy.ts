import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-http-bearer';
import { AuthPrincipal } from '../common/http/request-principal';
import { presentedCatchChatToken, RequestAuthenticator } from './request-authenticator';

/** What passport attaches to a strategy for each request (absent from the typings). */
interface PassportActions {
  success(user: AuthPrincipal): void;
  fail(challenge: string, status: number): void;
  error(error: unknown): void;
}

@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, 'bearer') {
  constructor(private readonly authenticator: RequestAuthenticator) {
    super({ passReqToCallback: true });
  }

  async validate(request: FastifyRequest): Promise<AuthPrincipal | false> {
    const result = await this.authenticator.resolve(request);
    return result?.ok ? result.principal : false;
  }

  /**
   * passport-http-bearer reads the Bearer scheme only; CatchChat's `Token token="..."` header
   * (which `presentedBearerToken` accepts on its paths) is authenticated here the same way.
   */
  override authenticate(...args: Parameters<Strategy<never>['authenticate']>): void {
    const request = args[0] as unknown as FastifyRequest;
    if (presentedCatchChatToken(request) === null) {
      super.authenticate(...args);
      return;
    }
    const passport = this as unknown as PassportActions;
    this.validate(request).then(
      (principal) =>
        principal ? passport.success(principal) : passport.fail('Token realm="Application"', 401),
      (error: unknown) => passport.error(error),
    );
  }
}
