import { Controller, Get, Inject, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { SCOPES } from '../../common/http/request-principal';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Public } from '../access.decorator';
import { APP_GRANTS } from './oauth-client';
import { AuthorizationServerMetadataDto } from './oauth.dto';

const SECRET_AUTH_METHODS = ['client_secret_basic', 'client_secret_post'];
/** `none`: a public client names itself with `client_id` (and proves itself with PKCE). */
const CLIENT_AUTH_METHODS = [...SECRET_AUTH_METHODS, 'none'];

/** RFC 8414 metadata, so that OAuth client libraries can discover the endpoints. */
@ApiTags('oauth')
@Controller('.well-known')
export class OAuthMetadataController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('oauth-authorization-server')
  @Public()
  @ApiOperation({
    summary: 'Authorization-server metadata (RFC 8414)',
    description:
      'The OAuth 2.0 endpoints, grants, scopes and client authentication methods. `issuer` is PUBLIC_URL when configured, else the origin the request reached (behind a proxy: with TRUST_PROXY, its `X-Forwarded-Proto` and `X-Forwarded-Host`).',
  })
  @ApiOkResponse({ type: AuthorizationServerMetadataDto })
  getAuthorizationServerMetadata(@Req() request: FastifyRequest): AuthorizationServerMetadataDto {
    const issuer = (this.config.publicUrl ?? `${request.protocol}://${request.host}`).replace(
      /\/+$/,
      '',
    );
    return {
      issuer,
      authorization_endpoint: `${issuer}/oauth/authorize`,
      token_endpoint: `${issuer}/oauth/token`,
      revocation_endpoint: `${issuer}/oauth/revoke`,
      introspection_endpoint: `${issuer}/oauth/introspect`,
      scopes_supported: [...SCOPES],
      response_types_supported: ['code'],
      grant_types_supported: [...APP_GRANTS],
      token_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
      revocation_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
      introspection_endpoint_auth_methods_supported: SECRET_AUTH_METHODS,
      code_challenge_methods_supported: ['S256'],
    };
  }
}
