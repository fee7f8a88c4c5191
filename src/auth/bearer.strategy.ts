import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { FastifyRequest } from 'fastify';
import { Strategy, VerifyFunctions } from 'passport-http-bearer';
import { AuthPrincipal } from '../common/http/request-principal';
import { RequestAuthenticator, takesVendorToken } from './request-authenticator';

interface PassportActions {
  success(user: AuthPrincipal): void;
  fail(status: number): void;
  error(error: Error): void;
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
   * passport-http-bearer looks for the token only where RFC 6750 puts it; a route naming its own
   * query parameter (`TokenQueryParameter`, the vendor wire formats) or a CatchChat request with
   * its `Token token="..."` header is authenticated here with the same resolver. A failure
   * reaches the guard, which answers the 401.
   */
  override authenticate(
    incoming: Parameters<Strategy<VerifyFunctions>['authenticate']>[0],
    options?: object,
  ): void {
    const request = incoming as unknown as FastifyRequest;
    if (!takesVendorToken(request)) {
      super.authenticate(incoming, options);
      return;
    }
    // passport adds these to the strategy for the request it authenticates.
    const passport = this as unknown as PassportActions;
    this.validate(request).then(
      (principal) => (principal ? passport.success(principal) : passport.fail(401)),
      (error: unknown) => passport.error(error instanceof Error ? error : new Error(String(error))),
    );
  }
}
