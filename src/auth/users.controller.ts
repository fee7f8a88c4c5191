import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope';
import { Locale } from '../common/i18n/locale';
import { translate } from '../common/i18n/messages';
import { ApiPaginatedResponse, Paginated } from '../common/pagination/pagination';
import { PersonDto } from '../common/people/person.dto';
import { ParseIdPipe } from '../common/validation/parse-id.pipe';
import { Access, Public } from './access.decorator';
import {
  AvailabilityDto,
  MobileAvailabilityQueryDto,
  UsernameAvailabilityQueryDto,
  UserSearchQueryDto,
} from './dto/auth.dto';
import { RequestLocale } from '../common/http/request-locale.decorator';
import { Availability, UserService } from './user.service';

function describeAvailability(result: Availability, locale: Locale): AvailabilityDto {
  return {
    available: result.available,
    code: result.code,
    message: result.code ? translate(result.code, locale) : null,
  };
}

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UserService) {}

  @Get('search')
  @Access({ scopes: ['party_user'] })
  @ApiOperation({ summary: 'Find people by part of their username or nickname' })
  @ApiPaginatedResponse(PersonDto)
  @ApiBadRequestResponse({ description: '`validation_failed`', type: ErrorEnvelopeDto })
  searchUsers(@Query() query: UserSearchQueryDto): Promise<Paginated<PersonDto>> {
    return this.users.search(query.q, query);
  }

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
    @RequestLocale() locale: Locale,
  ): Promise<AvailabilityDto> {
    return this.users
      .usernameAvailability(query.username)
      .then((result) => describeAvailability(result, locale));
  }

  @Get('mobile-availability')
  @Public()
  @ApiOperation({
    summary: 'Whether a mobile number can be registered (no token needed)',
    description: 'Your own current number answers `mobile_taken` too.',
  })
  @ApiOkResponse({ type: AvailabilityDto })
  @ApiBadRequestResponse({ description: '`validation_failed`', type: ErrorEnvelopeDto })
  checkMobileAvailability(
    @Query() query: MobileAvailabilityQueryDto,
    @RequestLocale() locale: Locale,
  ): Promise<AvailabilityDto> {
    return this.users
      .mobileAvailability(query.phone_code, query.mobile)
      .then((result) => describeAvailability(result, locale));
  }

  @Get(':id')
  @Access({ scopes: ['party_user'] })
  @ApiOperation({ summary: "Someone's public profile (never their mobile or email)" })
  @ApiOkResponse({ type: PersonDto })
  @ApiNotFoundResponse({ description: '`not_found`', type: ErrorEnvelopeDto })
  getUserProfile(@Param('id', new ParseIdPipe('user')) id: string): Promise<PersonDto> {
    return this.users.publicProfile(id);
  }
}
