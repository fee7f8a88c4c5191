import { Body, Get, Patch, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Access, CurrentUser, Public } from '../../auth/access.decorator';
import { UserSearchQueryDto } from '../../auth/dto/auth.dto';
import { UserPrincipal } from '../../common/http/request-principal';
import { CatchChatController } from './catchchat-docs';
import { CatchChatList } from './catchchat-wire';
import { CatchChatUserService } from './catchchat-user.service';
import {
  CatchChatAvailabilityDto,
  CatchChatMeDto,
  CatchChatUserDto,
  CatchChatUserListDto,
  MobileValidateQueryDto,
  UpdateCatchChatMeDto,
  UsernameValidateQueryDto,
} from './dto/catchchat-user.dto';

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
