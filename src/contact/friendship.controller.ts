import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentUser } from '../auth/access.decorator';
import { UserPrincipal } from '../common/http/request-principal';
import { ApiPaginatedResponse, PageQueryDto, Paginated } from '../common/pagination/pagination';
import { ParseIdPipe } from '../common/validation/parse-id.pipe';
import { ApiContactBadInput, ApiContactNotFound } from './contact-docs';
import { FriendshipDto, FriendshipSearchQueryDto, UpdateFriendshipDto } from './dto/friendship.dto';
import { FriendshipService } from './friendship.service';

const NOT_YOURS = 'No such friendship of yours';

@ApiTags('friendships')
@Controller('friendships')
export class FriendshipController {
  constructor(private readonly friendships: FriendshipService) {}

  @Get()
  @Access({ scopes: ['party_contact'] })
  @ApiOperation({
    summary: 'Your friends by position: most recently contacted (or moved to top) first',
  })
  @ApiPaginatedResponse(FriendshipDto)
  @ApiContactBadInput()
  listFriendships(
    @CurrentUser() caller: UserPrincipal,
    @Query() query: PageQueryDto,
  ): Promise<Paginated<FriendshipDto>> {
    return this.friendships.list(caller.userId, query);
  }

  @Get('recent')
  @Access({ scopes: ['party_contact'] })
  @ApiOperation({ summary: 'Friends you exchanged private messages with in the last 3 days' })
  @ApiPaginatedResponse(FriendshipDto)
  @ApiContactBadInput()
  listRecentFriendships(
    @CurrentUser() caller: UserPrincipal,
    @Query() query: PageQueryDto,
  ): Promise<Paginated<FriendshipDto>> {
    return this.friendships.recent(caller.userId, query);
  }

  @Get('search')
  @Access({ scopes: ['party_contact'] })
  @ApiOperation({
    summary: 'Search your friends by remarked name, contact name, nickname or username',
    description: 'Case-insensitive substring match, any script (中文 included); by position.',
  })
  @ApiPaginatedResponse(FriendshipDto)
  @ApiContactBadInput('`validation_failed`: `q` missing, empty or too long')
  searchFriendships(
    @CurrentUser() caller: UserPrincipal,
    @Query() query: FriendshipSearchQueryDto,
  ): Promise<Paginated<FriendshipDto>> {
    return this.friendships.search(caller.userId, query);
  }

  @Get('with/:friend_id')
  @Access({ scopes: ['party_contact'] })
  @ApiOperation({ summary: 'Your friendship with a user, by his id' })
  @ApiOkResponse({ type: FriendshipDto })
  @ApiContactNotFound('He is not your friend')
  getFriendshipWith(
    @CurrentUser() caller: UserPrincipal,
    @Param('friend_id', new ParseIdPipe('friendship')) friendId: string,
  ): Promise<FriendshipDto> {
    return this.friendships.getWith(caller.userId, friendId);
  }

  @Get(':id')
  @Access({ scopes: ['party_contact'] })
  @ApiOperation({ summary: 'One of your friendships' })
  @ApiOkResponse({ type: FriendshipDto })
  @ApiContactNotFound(NOT_YOURS)
  getFriendship(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('friendship')) id: string,
  ): Promise<FriendshipDto> {
    return this.friendships.get(caller.userId, id);
  }

  @Patch(':id')
  @Access({ scopes: ['party_contact'] })
  @ApiOperation({
    summary: 'Set your remarked name and / or contact name for a friend',
    description: 'Absent fields stay as they are; null or "" clears one.',
  })
  @ApiOkResponse({ type: FriendshipDto })
  @ApiContactBadInput()
  @ApiContactNotFound(NOT_YOURS)
  updateFriendship(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('friendship')) id: string,
    @Body() body: UpdateFriendshipDto,
  ): Promise<FriendshipDto> {
    return this.friendships.update(caller.userId, id, body);
  }

  @Post(':id/move-to-top')
  @HttpCode(200)
  @Access({ scopes: ['party_contact'] })
  @ApiOperation({ summary: 'Put a friend at position 1 of your list' })
  @ApiOkResponse({ type: FriendshipDto })
  @ApiContactNotFound(NOT_YOURS)
  moveFriendshipToTop(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('friendship')) id: string,
  ): Promise<FriendshipDto> {
    return this.friendships.moveToTop(caller.userId, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @Access({ scopes: ['party_contact'] })
  @ApiOperation({
    summary: 'Unfriend: ends the friendship on both sides',
    description: 'He leaves all your friend lists; the messages between you stay.',
  })
  @ApiNoContentResponse({ description: 'Unfriended' })
  @ApiContactNotFound(NOT_YOURS)
  async deleteFriendship(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('friendship')) id: string,
  ): Promise<void> {
    await this.friendships.remove(caller.userId, id);
  }
}
