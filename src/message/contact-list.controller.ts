import { Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Access, CurrentUser } from '../auth/access.decorator';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope';
import { UserPrincipal } from '../common/http/request-principal';
import { ApiPaginatedResponse, PageQueryDto, Paginated } from '../common/pagination/pagination';
import { ParseIdPipe } from '../common/validation/parse-id.pipe';
import { ContactListService } from './contact-list.service';
import { ContactListEntryDto } from './dto/contact-list.dto';
import { ReadCursorDto } from './dto/message.dto';

const peerNotFound = ApiNotFoundResponse({
  description: 'No such user or group, or you are not in it',
  type: ErrorEnvelopeDto,
});
const kindParam = ApiParam({ name: 'kind', enum: ['user', 'group'] });

@ApiTags('contact-list')
@Controller('contact-list')
export class ContactListController {
  constructor(private readonly contactList: ContactListService) {}

  @Get('inbox')
  @Access({ scopes: ['party_contact'] })
  @ApiOperation({
    summary: 'Inbox: friends, normal groups and strangers contacted in the last 36 hours',
    description: 'Pinned entries first, then by last activity.',
  })
  @ApiPaginatedResponse(ContactListEntryDto)
  listInbox(
    @CurrentUser() caller: UserPrincipal,
    @Query() query: PageQueryDto,
  ): Promise<Paginated<ContactListEntryDto>> {
    return this.contactList.list(caller, 'inbox', query);
  }

  @Get('archive')
  @Access({ scopes: ['party_contact'] })
  @ApiOperation({
    summary: 'Archive: the Inbox plus older strangers, dissolved groups and blocked groups',
  })
  @ApiPaginatedResponse(ContactListEntryDto)
  listArchive(
    @CurrentUser() caller: UserPrincipal,
    @Query() query: PageQueryDto,
  ): Promise<Paginated<ContactListEntryDto>> {
    return this.contactList.list(caller, 'archive', query);
  }

  @Post(':kind/:id/read')
  @HttpCode(200)
  @Access({ scopes: ['party_contact'] })
  @ApiOperation({ summary: 'Mark everything from this contact read (clears the red dot)' })
  @kindParam
  @ApiOkResponse({ type: ReadCursorDto })
  @peerNotFound
  markContactRead(
    @CurrentUser() caller: UserPrincipal,
    @Param('kind') kind: string,
    @Param('id', new ParseIdPipe('contact')) id: string,
  ): Promise<ReadCursorDto> {
    return this.contactList.markRead(caller, kind, id);
  }

  @Post(':kind/:id/pin')
  @HttpCode(200)
  @Access({ scopes: ['party_contact'] })
  @ApiOperation({ summary: 'Pin a contact: pinned entries come first' })
  @kindParam
  @ApiOkResponse({ type: ContactListEntryDto })
  @peerNotFound
  pinContact(
    @CurrentUser() caller: UserPrincipal,
    @Param('kind') kind: string,
    @Param('id', new ParseIdPipe('contact')) id: string,
  ): Promise<ContactListEntryDto> {
    return this.contactList.pin(caller, kind, id, true);
  }

  @Delete(':kind/:id/pin')
  @Access({ scopes: ['party_contact'] })
  @ApiOperation({ summary: 'Unpin a contact' })
  @kindParam
  @ApiOkResponse({ type: ContactListEntryDto })
  @peerNotFound
  unpinContact(
    @CurrentUser() caller: UserPrincipal,
    @Param('kind') kind: string,
    @Param('id', new ParseIdPipe('contact')) id: string,
  ): Promise<ContactListEntryDto> {
    return this.contactList.pin(caller, kind, id, false);
  }
}
