import { Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { sendHtmlAnswer } from '../../common/http/html-page';
import { Public } from '../access.decorator';
import { browserRequest } from './consent-session';
import { ConsentService } from './consent.service';
import { OAuthExceptionFilter } from './oauth-exception.filter';

/**
 * `/oauth/sign-in?return_to=/h/{merge_id}`: the sign-in form of Party's own pages (the merged
 * history page sends browsers without a session here, and is sent back after). HTML only.
 */
@ApiExcludeController()
@Controller('oauth/sign-in')
@UseFilters(OAuthExceptionFilter)
export class SignInController {
  constructor(private readonly consent: ConsentService) {}

  @Get()
  @Public()
  showSignInPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    sendHtmlAnswer(reply, this.consent.showSignIn(browserRequest(request)));
  }

  @Post()
  @Public()
  async signInAndReturn(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendHtmlAnswer(reply, await this.consent.signInAndReturn(browserRequest(request)));
  }
}
