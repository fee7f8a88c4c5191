import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope';
import { Public } from './access.decorator';
import { RegisterDto, SendVerifyCodeDto, VerifyCodeSentDto } from './dto/auth.dto';
import { UserProfileDto } from './dto/user-profile.dto';
import { UserService } from './user.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly users: UserService) {}

  @Post('verify-codes')
  @HttpCode(201)
  @Public()
  @ApiOperation({
    summary: 'Send an SMS verify code',
    description:
      'Purposes: `register` (number must be free), `login` (number must be registered, for the `urn:party:params:oauth:grant-type:sms` grant), `change_mobile` (to your current and to your new number). Codes live 5 minutes, work once and lock after 5 wrong tries. At most 20 sends an hour and 50 a day per number (429 `verify_code_limit` with `Retry-After`). Without an SMS provider the codes are appended to `DATA_DIR/sms-outbox.jsonl`.',
  })
  @ApiCreatedResponse({ type: VerifyCodeSentDto })
  @ApiBadRequestResponse({
    description: '`validation_failed` (`mobile` not valid for `phone_code`)',
    type: ErrorEnvelopeDto,
  })
  @ApiConflictResponse({ description: '`mobile_taken` (purpose register)', type: ErrorEnvelopeDto })
  @ApiNotFoundResponse({
    description: '`mobile_not_registered` (purpose login)',
    type: ErrorEnvelopeDto,
  })
  @ApiTooManyRequestsResponse({
    description: '`verify_code_limit`: 20 an hour / 50 a day per number',
    type: ErrorEnvelopeDto,
  })
  @ApiServiceUnavailableResponse({ description: '`sms_unavailable`', type: ErrorEnvelopeDto })
  sendVerifyCode(@Body() body: SendVerifyCodeDto): Promise<VerifyCodeSentDto> {
    return this.users.sendVerifyCode(body);
  }

  @Post('register')
  @HttpCode(201)
  @Public()
  @ApiOperation({
    summary: 'Create an account',
    description:
      'Needs a `register` verify code sent to the number. The username is 4-16 letters and digits, unique ignoring case. Sign in afterwards with `POST /oauth/token` (`grant_type=password`).',
  })
  @ApiCreatedResponse({ type: UserProfileDto })
  @ApiBadRequestResponse({
    description: '`validation_failed`, `invalid_verify_code`, `verify_code_locked`',
    type: ErrorEnvelopeDto,
  })
  @ApiConflictResponse({ description: '`username_taken`, `mobile_taken`', type: ErrorEnvelopeDto })
  registerUser(@Body() body: RegisterDto): Promise<UserProfileDto> {
    return this.users.register(body);
  }
}
