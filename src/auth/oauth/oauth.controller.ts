import { Controller, Header, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { requestLocale } from '../../common/http/request-principal';
import { Public } from '../access.decorator';
import { OAuthExceptionFilter } from './oauth-exception.filter';
import {
  IntrospectionDto,
  OAuthErrorDto,
  TokenParamsDto,
  TokenRequestDto,
  TokenResponseDto,
} from './oauth.dto';
import {
  IntrospectionResponse,
  OAuthHttpRequest,
  OAuthService,
  TokenResponse,
} from './oauth.service';
import { InvalidRequestError } from '@node-oauth/oauth2-server';
import { isStorableText } from '../../common/validation/storable-text';

export function oauthRequest(request: FastifyRequest): OAuthHttpRequest {
  const body = request.body;
  // RFC 6749 parameters are single strings (a JSON number is read as its text); anything else
  // (an object, a repeated form field, text PostgreSQL cannot hold) is an invalid_request.
  const params: Record<string, string> = {};
  const fields: Record<string, unknown> = body && typeof body === 'object' ? { ...body } : {};
  for (const [name, value] of Object.entries(fields)) {
    const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
    if (typeof text !== 'string') {
      throw new InvalidRequestError(`Invalid parameter: \`${name}\` must be a single string`);
    }
    if (!isStorableText(text)) {
      throw new InvalidRequestError(
        `Invalid parameter: \`${name}\` contains a NUL character or an unpaired surrogate`,
      );
    }
    params[name] = text;
  }
  return {
    method: request.method,
    headers: request.headers,
    query: (request.query ?? {}) as Record<string, unknown>,
    body: params,
    locale: requestLocale(request),
    ip: request.ip,
  };
}

const FORM = ['application/x-www-form-urlencoded', 'application/json'];

@ApiTags('oauth')
@Controller('oauth')
@UseFilters(OAuthExceptionFilter)
export class OAuthController {
  constructor(private readonly oauth: OAuthService) {}

  @Post('token')
  @HttpCode(200)
  @Public()
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({
    summary: 'Get a token (RFC 6749)',
    description:
      'Grants: `password` (login = username, email or mobile), `refresh_token` (rotated: the old one stops working, and presenting it again revokes the whole login), `client_credentials` (app tokens), `authorization_code` (PKCE S256 required without a client secret), `urn:party:params:oauth:grant-type:sms` (mobile + `login` verify code). password / sms / refresh_token work without client credentials as Party’s first-party client (every user scope); with a `client_id` the token is bound to that app and its allowed scopes.',
  })
  @ApiConsumes(...FORM)
  @ApiBody({ type: TokenRequestDto })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiBadRequestResponse({
    description:
      'RFC 6749 error: invalid_request, invalid_grant, invalid_scope, unsupported_grant_type, unauthorized_client',
    type: OAuthErrorDto,
  })
  @ApiUnauthorizedResponse({ description: '`invalid_client` (HTTP Basic)', type: OAuthErrorDto })
  issueOAuthToken(@Req() request: FastifyRequest): Promise<TokenResponse> {
    return this.oauth.token(oauthRequest(request));
  }

  @Post('revoke')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'Revoke a token (RFC 7009)',
    description:
      'Revoking a refresh token ends the whole login (every token of its family); revoking an access token ends that token. The token must belong to the calling client (none = first-party). Always 200 for unknown tokens.',
  })
  @ApiConsumes(...FORM)
  @ApiBody({ type: TokenParamsDto })
  @ApiOkResponse({ description: 'Revoked (or unknown)' })
  @ApiBadRequestResponse({ description: '`invalid_request`', type: OAuthErrorDto })
  @ApiUnauthorizedResponse({ description: '`invalid_client`', type: OAuthErrorDto })
  async revokeOAuthToken(@Req() request: FastifyRequest): Promise<void> {
    await this.oauth.revoke(oauthRequest(request));
  }

  @Post('introspect')
  @HttpCode(200)
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Describe a token (RFC 7662)',
    description:
      'Needs client authentication (HTTP Basic or client_id + client_secret). Apps see their own tokens; system apps see every token. Others answer `{"active": false}`.',
  })
  @ApiConsumes(...FORM)
  @ApiBody({ type: TokenParamsDto })
  @ApiOkResponse({ type: IntrospectionDto })
  @ApiUnauthorizedResponse({ description: '`invalid_client`', type: OAuthErrorDto })
  introspectOAuthToken(@Req() request: FastifyRequest): Promise<IntrospectionResponse> {
    return this.oauth.introspect(oauthRequest(request));
  }
}
