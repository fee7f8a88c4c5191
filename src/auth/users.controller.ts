import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope';
import { Public } from './access.decorator';
import {
  AvailabilityDto,
  MobileAvailabilityQueryDto,
  UsernameAvailabilityQueryDto,
} from './dto/auth.dto';
import { UserService } from './user.service';

/** Whether a username or number is free, before registering (no token). */
@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UserService) {}

  @Get('username-availability')
  @Public()
  @ApiOperation({
    summary: 'Whether a username can be registered (no token needed)',
    description: 'Usernames are 4-16 letters and digits and unique ignoring case.',
  })
  @ApiOkResponse({ type: AvailabilityDto })
  @ApiBadRequestResponse({
    description: '`validation_failed` (no `username`)',
    type: ErrorEnvelopeDto,
  })
  checkUsernameAvailability(
    @Query() query: UsernameAvailabilityQueryDto,
  ): Promise<AvailabilityDto> {
    return this.users.usernameAvailability(query.username);
  }

  @Get('mobile-availability')
  @Public()
  @ApiOperation({
    summary: 'Whether a mobile number can be registered (no token needed)',
    description: 'Your own current number answers `mobile_taken` too.',
  })
  @ApiOkResponse({ type: AvailabilityDto })
  @ApiBadRequestResponse({ description: '`validation_failed`', type: ErrorEnvelopeDto })
  checkMobileAvailability(@Query() query: MobileAvailabilityQueryDto): Promise<AvailabilityDto> {
    return this.users.mobileAvailability(query.phone_code, query.mobile);
  }
}
