import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope';
import { UserPrincipal } from '../common/http/request-principal';
import { Access, CurrentUser } from './access.decorator';
import { ChangeMobileDto } from './dto/auth.dto';
import { UpdateUserProfileDto, UserProfileDto } from './dto/user-profile.dto';
import { UserService } from './user.service';

@ApiTags('users')
@Controller('user')
export class UserController {
  constructor(private readonly users: UserService) {}

  @Get()
  @Access({ scopes: ['party_user'] })
  @ApiOperation({ summary: 'Your own profile' })
  @ApiOkResponse({ type: UserProfileDto })
  getMyProfile(@CurrentUser() caller: UserPrincipal): Promise<UserProfileDto> {
    return this.users.getProfile(caller);
  }

  @Patch()
  @Access({ scopes: ['party_user'] })
  @ApiOperation({ summary: 'Change your nickname, avatar, email, time zone or locale' })
  @ApiOkResponse({ type: UserProfileDto })
  @ApiBadRequestResponse({ description: '`validation_failed`', type: ErrorEnvelopeDto })
  @ApiConflictResponse({ description: '`email_taken`', type: ErrorEnvelopeDto })
  updateMyProfile(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: UpdateUserProfileDto,
  ): Promise<UserProfileDto> {
    return this.users.updateProfile(caller, body);
  }

  @Post('mobile')
  @HttpCode(200)
  @Access({ scopes: ['party_user'] })
  @ApiOperation({
    summary: 'Change your mobile number',
    description:
      'Send `change_mobile` verify codes to your current number (`old_verify_code`, skipped when you have none) and to the new one (`verify_code`) first.',
  })
  @ApiOkResponse({ type: UserProfileDto })
  @ApiBadRequestResponse({
    description: '`validation_failed`, `invalid_verify_code`, `verify_code_locked`',
    type: ErrorEnvelopeDto,
  })
  @ApiConflictResponse({
    description: '`mobile_taken`, `mobile_unchanged`',
    type: ErrorEnvelopeDto,
  })
  changeMyMobile(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: ChangeMobileDto,
  ): Promise<UserProfileDto> {
    return this.users.changeMobile(caller, body);
  }
}
