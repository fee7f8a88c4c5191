import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Access, CurrentUser } from '../auth/access.decorator';
import { UserSearchQueryDto } from '../auth/dto/auth.dto';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope';
import { UserPrincipal } from '../common/http/request-principal';
import { ApiPaginatedResponse, Paginated } from '../common/pagination/pagination';
import { PersonDto } from '../common/people/person.dto';
import { ParseIdPipe } from '../common/validation/parse-id.pipe';
import { ContactService } from './contact.service';

/**
 * Finding and looking at people. It lives with contacts because `name` is what the caller calls
 * the person (his remark or address-book name first), which only the contact module knows.
 */
@ApiTags('users')
@Controller('users')
export class PeopleController {
  constructor(private readonly contacts: ContactService) {}

  @Get('search')
  @Access({ scopes: ['party_user'] })
  @ApiOperation({ summary: 'Find people by part of their username or nickname' })
  @ApiPaginatedResponse(PersonDto)
  @ApiBadRequestResponse({ description: '`validation_failed`', type: ErrorEnvelopeDto })
  searchUsers(
    @CurrentUser() caller: UserPrincipal,
    @Query() query: UserSearchQueryDto,
  ): Promise<Paginated<PersonDto>> {
    return this.contacts.searchPeople(caller.userId, query);
  }

  @Get(':id')
  @Access({ scopes: ['party_user'] })
  @ApiOperation({ summary: "Someone's public profile (never their mobile or email)" })
  @ApiOkResponse({ type: PersonDto })
  @ApiNotFoundResponse({ description: '`not_found`', type: ErrorEnvelopeDto })
  getUserProfile(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('user')) id: string,
  ): Promise<PersonDto> {
    return this.contacts.describePerson(caller.userId, id);
  }
}
