import { Body, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Access, CurrentUser, Public } from '../../auth/access.decorator';
import { UserSearchQueryDto } from '../../auth/dto/auth.dto';
import { UserPrincipal } from '../../common/http/request-principal';
import { CatchChatController, catchChatConflict, CatchChatErrorDto } from './catchchat-docs';
import { CatchChatEmptyDto } from './dto/catchchat-contact.dto';
import { CatchChatList } from './catchchat-wire';
import { CatchChatUserService } from './catchchat-user.service';
import {
  CatchChatAvailabilityDto,
  CatchChatMeDto,
  CatchChatUserDto,
  CatchChatUserListDto,
  CheckVerifyCodeDto,
  MobileValidateQueryDto,
  NewMobileDto,
  UpdateMobileDto,
  UpdateCatchChatMeDto,
  UsernameValidateQueryDto,
} from './dto/catchchat-user.dto';

const tooManyCodes = ApiTooManyRequestsResponse({
  description: 'More than 20 codes an hour or 50 a day to the number',
  type: CatchChatErrorDto,
});

@CatchChatController('api/v4/user')
export class CatchChatMeController {
  constructor(private readonly users: CatchChatUserService) {}

  @Get()
  @Access({ scopes: ['party_user'] })
  @ApiOperation({ summary: 'CatchChat: the signed-in user' })
  @ApiOkResponse({ type: CatchChatMeDto })
  catchChatGetMe(@CurrentUser() caller: UserPrincipal): Promise<CatchChatMeDto> {
    return this.users.me(caller);
  }

  @Patch()
  @Access({ scopes: ['party_user'] })
  @ApiOperation({ summary: 'CatchChat: change your nickname or avatar' })
  @ApiOkResponse({ type: CatchChatMeDto })
  catchChatUpdateMe(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: UpdateCatchChatMeDto,
  ): Promise<CatchChatMeDto> {
    return this.users.updateMe(caller, body);
  }

  @Patch('check_verify_code')
  @Access({ scopes: ['party_user'] })
  @ApiOperation({ summary: "CatchChat: change of number, step 2 — your current number's code" })
  @ApiOkResponse({ type: CatchChatEmptyDto })
  catchChatCheckCurrentMobileCode(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: CheckVerifyCodeDto,
  ): Promise<CatchChatEmptyDto> {
    return this.users.checkCurrentMobileCode(caller, body);
  }

  @Post('send_update_mobile_code')
  @HttpCode(200)
  @Access({ scopes: ['party_user'] })
  @ApiOperation({ summary: 'CatchChat: change of number, step 3 — a code to the new number' })
  @ApiOkResponse({ type: CatchChatEmptyDto })
  @tooManyCodes
  catchChatSendNewMobileCode(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: NewMobileDto,
  ): Promise<CatchChatEmptyDto> {
    return this.users.sendNewMobileCode(caller, body);
  }

  @Patch('update_mobile')
  @Access({ scopes: ['party_user'] })
  @ApiOperation({
    summary: "CatchChat: change of number, step 4 — the new number's code moves the account",
    description: 'Needs step 2 within the last 10 minutes (when you have a number).',
  })
  @ApiOkResponse({ type: CatchChatEmptyDto })
  @catchChatConflict('Step 2 missing, the number unchanged or taken')
  catchChatUpdateMobile(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: UpdateMobileDto,
  ): Promise<CatchChatEmptyDto> {
    return this.users.updateMobile(caller, body);
  }
}

@CatchChatController('api/v4/auth')
export class CatchChatMobileCodeController {
  constructor(private readonly users: CatchChatUserService) {}

  @Post('send_verify_code')
  @HttpCode(200)
  @Access({ scopes: ['party_user'] })
  @ApiOperation({
    summary: 'CatchChat: change of number, step 1 — a code to your current number',
  })
  @ApiOkResponse({ type: CatchChatEmptyDto })
  @catchChatConflict('Your account has no number')
  @tooManyCodes
  catchChatSendCurrentMobileCode(@CurrentUser() caller: UserPrincipal): Promise<CatchChatEmptyDto> {
    return this.users.sendCurrentMobileCode(caller);
  }
}

@CatchChatController('api/v4/users')
export class CatchChatUsersController {
  constructor(private readonly users: CatchChatUserService) {}

  @Get('search')
  @Access({ scopes: ['party_user'] })
  @ApiOperation({ summary: 'CatchChat: search people by username or nickname' })
  @ApiOkResponse({ type: CatchChatUserListDto })
  catchChatSearchUsers(
    @CurrentUser() caller: UserPrincipal,
    @Query() query: UserSearchQueryDto,
  ): Promise<CatchChatList<CatchChatUserDto>> {
    return this.users.search(caller, query);
  }

  @Get('username_validate')
  @Public()
  @ApiOperation({ summary: 'CatchChat: is this username free (4-16 letters and digits)?' })
  @ApiOkResponse({ type: CatchChatAvailabilityDto })
  catchChatValidateUsername(
    @Query() query: UsernameValidateQueryDto,
  ): Promise<CatchChatAvailabilityDto> {
    return this.users.usernameAvailability(query);
  }

  @Get('mobile_validate')
  @Public()
  @ApiOperation({ summary: 'CatchChat: is this mobile number valid and free?' })
  @ApiOkResponse({ type: CatchChatAvailabilityDto })
  catchChatValidateMobile(
    @Query() query: MobileValidateQueryDto,
  ): Promise<CatchChatAvailabilityDto> {
    return this.users.mobileAvailability(query);
  }
}
