import { Body, HttpCode, Post, Put } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Public } from '../../auth/access.decorator';
import { CatchChatAuthService } from './catchchat-auth.service';
import { CatchChatController, catchChatConflict, CatchChatErrorDto } from './catchchat-docs';
import {
  CatchChatLoginTokenDto,
  CatchChatMobileDto,
  CatchChatMobileTokenDto,
  CatchChatSendVerifyCodeDto,
  RegistrationCreateDto,
  RegistrationDoneDto,
  RegistrationStartedDto,
  RegistrationUpdateDto,
  TokenByLoginDto,
  TokenByMobileDto,
} from './dto/catchchat-auth.dto';

const tooManyCodes = ApiTooManyRequestsResponse({
  description: 'More than 20 codes an hour or 50 a day to the number',
  type: CatchChatErrorDto,
});

@CatchChatController('api/auth')
export class CatchChatAuthController {
  constructor(private readonly auth: CatchChatAuthService) {}

  @Post('token_by_login')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'CatchChat: token by login (username, email or mobile) and password',
    description: '`expiring` in seconds (0 = never, default a year); `client` is accepted.',
  })
  @ApiOkResponse({ type: CatchChatLoginTokenDto })
  @ApiUnauthorizedResponse({ description: '用户名密码错误', type: CatchChatErrorDto })
  catchChatTokenByLogin(@Body() body: TokenByLoginDto): Promise<CatchChatLoginTokenDto> {
    return this.auth.tokenByLogin(body);
  }

  @Post('send_verify_code')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'CatchChat: send a sign-in verify code to a registered number' })
  @ApiOkResponse({ type: CatchChatMobileDto })
  @tooManyCodes
  catchChatSendVerifyCode(@Body() body: CatchChatSendVerifyCodeDto): Promise<CatchChatMobileDto> {
    return this.auth.sendVerifyCode(body);
  }

  @Post('token_by_mobile')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'CatchChat: token by mobile number and verify code',
    description: '`expiring` in seconds (0 = never, default 7 days); `client` is accepted.',
  })
  @ApiOkResponse({ type: CatchChatMobileTokenDto })
  @ApiUnauthorizedResponse({ description: '手机号或验证码错误', type: CatchChatErrorDto })
  catchChatTokenByMobile(@Body() body: TokenByMobileDto): Promise<CatchChatMobileTokenDto> {
    return this.auth.tokenByMobile(body);
  }
}

@CatchChatController('api/v4/registration')
export class CatchChatRegistrationController {
  constructor(private readonly auth: CatchChatAuthService) {}

  @Post('create')
  @HttpCode(201)
  @Public()
  @ApiOperation({
    summary: 'CatchChat: start a registration (sends the verify code)',
    description: 'The account is created by `PUT registration/update` with the code.',
  })
  @ApiCreatedResponse({ type: RegistrationStartedDto })
  @catchChatConflict('The username or number is taken')
  @tooManyCodes
  catchChatStartRegistration(@Body() body: RegistrationCreateDto): Promise<RegistrationStartedDto> {
    return this.auth.startRegistration(body);
  }

  @Put('update')
  @Public()
  @ApiOperation({
    summary: 'CatchChat: finish a registration with the verify code',
    description: 'Creates the account and answers a token for it (a year, as `token_by_login`).',
  })
  @ApiOkResponse({ type: RegistrationDoneDto })
  @catchChatConflict('No registration of this number and username waits, or it got taken')
  catchChatCompleteRegistration(@Body() body: RegistrationUpdateDto): Promise<RegistrationDoneDto> {
    return this.auth.completeRegistration(body);
  }
}
