import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-http-bearer';
import { AuthPrincipal } from '../common/http/request-principal';
import { RequestAuthenticator } from './request-authenticator';

@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, 'bearer') {
  constructor(private readonly authenticator: RequestAuthenticator) {
    super({ passReqToCallback: true });
  }

  async validate(request: FastifyRequest): Promise<AuthPrincipal | false> {
    const result = await this.authenticator.resolve(request);
    return result?.ok ? result.principal : false;
  }
}
