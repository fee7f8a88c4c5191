import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentUser } from '../auth/access.decorator';
import { UserPrincipal } from '../common/http/request-principal';
import { ApiPaginatedResponse, PageQueryDto, Paginated } from '../common/pagination/pagination';
import { AddressBookService } from './address-book.service';
import { ApiContactBadInput } from './contact-docs';
import { AddressBookUploadResultDto, UploadAddressBookDto } from './dto/address-book.dto';
import { MayKnowPersonDto } from './dto/may-know.dto';

@ApiTags('address-book')
@Controller()
export class AddressBookController {
  constructor(private readonly addressBook: AddressBookService) {}

  @Post('address-book')
  @HttpCode(200)
  @Access({ scopes: ['party_contact'] })
  @ApiOperation({
    summary: 'Upload your address book (replaces the previous one); answers who in it uses Party',
    description:
      'Numbers are read as E.164, local ones with your country code (`phone_code`, 86 when unset); ' +
      'unreadable numbers are skipped and counted. Only SHA-256 hashes of the numbers and the ' +
      'names are stored. Friends found in the book get its name as `contact_name`.',
  })
  @ApiOkResponse({ type: AddressBookUploadResultDto })
  @ApiContactBadInput('`validation_failed`: not a list, over 5,000 entries, a bad entry')
  uploadAddressBook(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: UploadAddressBookDto,
  ): Promise<AddressBookUploadResultDto> {
    return this.addressBook.upload(caller, body);
  }

  @Get('users/may-know')
  @Access({ scopes: ['party_contact'] })
  @ApiOperation({
    summary: 'People you may know',
    description:
      'Users who are not your friends and not blocked either way, by number of common friends ' +
      '(up to 5 of them named), then by address-book matches (his number in your book, yours in his).',
  })
  @ApiPaginatedResponse(MayKnowPersonDto)
  @ApiContactBadInput()
  listPeopleYouMayKnow(
    @CurrentUser() caller: UserPrincipal,
    @Query() query: PageQueryDto,
  ): Promise<Paginated<MayKnowPersonDto>> {
    return this.addressBook.mayKnow(caller.userId, query);
  }
}
