import { Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import {
  ApiExcludeEndpoint,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../access.decorator';
import { sendHtmlAnswer } from '../../common/http/html-page';
import { browserRequest } from './consent-session';
import { ConsentService } from './consent.service';
import { OAuthExceptionFilter } from './oauth-exception.filter';

/**
 * `GET /oauth/authorize`: the consent page (server-rendered HTML). Sign-in form when the browser
 * has no Party session, then the app and each scope it asks for, Approve / Deny. Forms carry a
 * CSRF token matched against a cookie; redirect URIs must match a registered one exactly.
 */
@ApiTags('oauth')
@Controller('oauth/authorize')
@UseFilters(OAuthExceptionFilter)
export class ConsentController {
  constructor(private readonly consent: ConsentService) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Consent page (authorization endpoint, RFC 6749 §4.1)',
    description:
      'Server-rendered HTML in the language of Accept-Language: a sign-in form when the browser has no Party session, then the app and each scope it asks for with Approve / Deny. Approve redirects (303) to `redirect_uri` with `code` and `state`; Deny with `error=access_denied`. `redirect_uri` must equal a registered one exactly (optional when the app registered exactly one). PKCE: `code_challenge` with `code_challenge_method=S256` (plain is refused); public clients (no secret) must use it.',
  })
  @ApiProduces('text/html')
  @ApiQuery({ name: 'response_type', enum: ['code'] })
  @ApiQuery({ name: 'client_id', type: String })
  @ApiQuery({ name: 'redirect_uri', type: String, required: false })
  @ApiQuery({
    name: 'scope',
    type: String,
    required: false,
    description: 'Space-separated; default: every user scope the app may get',
  })
  @ApiQuery({ name: 'state', type: String, required: false })
  @ApiQuery({ name: 'code_challenge', type: String, required: false })
  @ApiQuery({ name: 'code_challenge_method', enum: ['S256'], required: false })
  @ApiOkResponse({ description: 'The sign-in or consent page (HTML)' })
  @ApiResponse({
    status: 303,
    description:
      'Redirect to `redirect_uri` with an RFC 6749 error (`invalid_scope`, `unsupported_response_type`, `invalid_request`)',
  })
  @ApiResponse({
    status: 400,
    description:
      'HTML error page: unknown `client_id` or a `redirect_uri` that is not registered (never redirected)',
  })
  async showConsentPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendHtmlAnswer(reply, await this.consent.show(browserRequest(request)));
  }

  @Post('sign-in')
  @Public()
  @ApiExcludeEndpoint()
  async signInOnConsentPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendHtmlAnswer(reply, await this.consent.signIn(browserRequest(request)));
  }

  @Post('sign-out')
  @Public()
  @ApiExcludeEndpoint()
  async signOutOfConsentPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendHtmlAnswer(reply, await this.consent.signOut(browserRequest(request)));
  }

  @Post()
  @Public()
  @ApiExcludeEndpoint()
  async decideConsent(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendHtmlAnswer(reply, await this.consent.decide(browserRequest(request)));
  }
}
