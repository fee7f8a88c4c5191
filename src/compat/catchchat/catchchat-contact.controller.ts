import { Body, HttpCode, Param, Patch, Post, Get, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { Access, CurrentUser } from '../../auth/access.decorator';
import { UserPrincipal } from '../../common/http/request-principal';
import { PageQueryDto } from '../../common/pagination/pagination';
import { FriendshipSearchQueryDto, UpdateFriendshipDto } from '../../contact/dto/friendship.dto';
import { CatchChatContactService } from './catchchat-contact.service';
import {
  CatchChatController,
  catchChatConflict,
  catchChatNotFound,
  catchChatUnknownReference,
} from './catchchat-docs';
import { CatchChatList } from './catchchat-wire';
import {
  CatchChatEmptyDto,
  CatchChatFriendRequestDto,
  CatchChatFriendRequestListDto,
  CatchChatFriendshipDto,
  CatchChatFriendshipListDto,
  FriendIdDto,
  FriendRequestStateParamDto,
} from './dto/catchchat-contact.dto';

const CONTACT = { scopes: ['party_contact'] } as const;
const idParam = (name: string, description: string) =>
  ApiParam({ name, description, example: '3' });

@CatchChatController('api/v4/friendships')
export class CatchChatFriendshipController {
  constructor(private readonly contacts: CatchChatContactService) {}

  @Get()
  @Access(CONTACT)
  @ApiOperation({ summary: 'CatchChat: your friendships by position' })
  @ApiOkResponse({ type: CatchChatFriendshipListDto })
  catchChatListFriendships(
    @CurrentUser() caller: UserPrincipal,
    @Query() query: PageQueryDto,
  ): Promise<CatchChatList<CatchChatFriendshipDto>> {
    return this.contacts.listFriendships(caller, query);
  }

  @Get('recent')
  @Access(CONTACT)
  @ApiOperation({ summary: 'CatchChat: friends you exchanged messages with in the last 3 days' })
  @ApiOkResponse({ type: CatchChatFriendshipListDto })
  catchChatRecentFriendships(
    @CurrentUser() caller: UserPrincipal,
    @Query() query: PageQueryDto,
  ): Promise<CatchChatList<CatchChatFriendshipDto>> {
    return this.contacts.recentFriendships(caller, query);
  }

  @Get('search')
  @Access(CONTACT)
  @ApiOperation({ summary: 'CatchChat: search your friendships by any of their names' })
  @ApiOkResponse({ type: CatchChatFriendshipListDto })
  catchChatSearchFriendships(
    @CurrentUser() caller: UserPrincipal,
    @Query() query: FriendshipSearchQueryDto,
  ): Promise<CatchChatList<CatchChatFriendshipDto>> {
    return this.contacts.searchFriendships(caller, query);
  }

  @Get('with/:friend_id')
  @Access(CONTACT)
  @idParam('friend_id', 'The friend (user id)')
  @ApiOperation({ summary: 'CatchChat: your friendship with a user' })
  @ApiOkResponse({ type: CatchChatFriendshipDto })
  @catchChatNotFound('friendship')
  catchChatFriendshipWith(
    @CurrentUser() caller: UserPrincipal,
    @Param('friend_id') friendId: string,
  ): Promise<CatchChatFriendshipDto> {
    return this.contacts.getFriendshipWith(caller, friendId);
  }

  @Get(':id')
  @Access(CONTACT)
  @idParam('id', 'Friendship id')
  @ApiOperation({ summary: 'CatchChat: one of your friendships' })
  @ApiOkResponse({ type: CatchChatFriendshipDto })
  @catchChatNotFound('friendship')
  catchChatGetFriendship(
    @CurrentUser() caller: UserPrincipal,
    @Param('id') id: string,
  ): Promise<CatchChatFriendshipDto> {
    return this.contacts.getFriendship(caller, id);
  }

  @Patch(':id')
  @Access(CONTACT)
  @idParam('id', 'Friendship id')
  @ApiOperation({ summary: 'CatchChat: set your remarked name or contact name for a friend' })
  @ApiOkResponse({ type: CatchChatFriendshipDto })
  @catchChatNotFound('friendship')
  catchChatUpdateFriendship(
    @CurrentUser() caller: UserPrincipal,
    @Param('id') id: string,
    @Body() body: UpdateFriendshipDto,
  ): Promise<CatchChatFriendshipDto> {
    return this.contacts.updateFriendship(caller, id, body);
  }

  @Patch(':id/move_to_top')
  @Access(CONTACT)
  @idParam('id', 'Friendship id')
  @ApiOperation({ summary: 'CatchChat: put a friend first' })
  @ApiOkResponse({ type: CatchChatEmptyDto })
  @catchChatNotFound('friendship')
  catchChatMoveFriendshipToTop(
    @CurrentUser() caller: UserPrincipal,
    @Param('id') id: string,
  ): Promise<CatchChatEmptyDto> {
    return this.contacts.moveFriendshipToTop(caller, id);
  }
}

const stateParam = ApiParam({
  name: 'state',
  enum: ['pending', 'accepted', 'rejected', 'blocked'],
  example: 'accepted',
});

@CatchChatController('api/v4/friend_requests')
export class CatchChatFriendRequestController {
  constructor(private readonly contacts: CatchChatContactService) {}

  @Get('received/:state')
  @Access(CONTACT)
  @stateParam
  @ApiOperation({ summary: 'CatchChat: requests you received in a state, newest first' })
  @ApiOkResponse({ type: CatchChatFriendRequestListDto })
  catchChatReceivedRequests(
    @CurrentUser() caller: UserPrincipal,
    @Param() params: FriendRequestStateParamDto,
    @Query() query: PageQueryDto,
  ): Promise<CatchChatList<CatchChatFriendRequestDto>> {
    return this.contacts.listRequests(caller, 'received', params, query);
  }

  @Get('sent/:state')
  @Access(CONTACT)
  @stateParam
  @ApiOperation({ summary: 'CatchChat: requests you sent in a state, newest first' })
  @ApiOkResponse({ type: CatchChatFriendRequestListDto })
  catchChatSentRequests(
    @CurrentUser() caller: UserPrincipal,
    @Param() params: FriendRequestStateParamDto,
    @Query() query: PageQueryDto,
  ): Promise<CatchChatList<CatchChatFriendRequestDto>> {
    return this.contacts.listRequests(caller, 'sent', params, query);
  }

  @Post()
  @HttpCode(201)
  @Access(CONTACT)
  @ApiOperation({
    summary: 'CatchChat: ask someone to be your friend',
    description: 'Answers his pending request accepted if he had asked you first.',
  })
  @ApiCreatedResponse({ type: CatchChatFriendRequestDto })
  @catchChatConflict('Already friends, or you blocked him')
  @catchChatUnknownReference('friend_id')
  catchChatSendFriendRequest(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: FriendIdDto,
  ): Promise<CatchChatFriendRequestDto> {
    return this.contacts.sendRequest(caller, body);
  }

  @Post('received/:id/accept')
  @HttpCode(200)
  @Access(CONTACT)
  @idParam('id', 'Friend request id')
  @ApiOperation({ summary: 'CatchChat: accept a request you received' })
  @ApiOkResponse({ type: CatchChatFriendRequestDto })
  @catchChatNotFound('friend request')
  @catchChatConflict('The request is no longer pending')
  catchChatAcceptRequest(
    @CurrentUser() caller: UserPrincipal,
    @Param('id') id: string,
  ): Promise<CatchChatFriendRequestDto> {
    return this.contacts.actOnRequest(caller, id, 'accept');
  }

  @Patch('received/:id/accept')
  @Access(CONTACT)
  @idParam('id', 'Friend request id')
  @ApiOperation({ summary: 'CatchChat: accept a request you received (PATCH, as the examples)' })
  @ApiOkResponse({ type: CatchChatFriendRequestDto })
  @catchChatNotFound('friend request')
  @catchChatConflict('The request is no longer pending')
  catchChatAcceptRequestPatch(
    @CurrentUser() caller: UserPrincipal,
    @Param('id') id: string,
  ): Promise<CatchChatFriendRequestDto> {
    return this.contacts.actOnRequest(caller, id, 'accept');
  }

  @Post('received/:id/reject')
  @HttpCode(200)
  @Access(CONTACT)
  @idParam('id', 'Friend request id')
  @ApiOperation({ summary: 'CatchChat: reject a request you received' })
  @ApiOkResponse({ type: CatchChatFriendRequestDto })
  @catchChatNotFound('friend request')
  @catchChatConflict('The request is no longer pending')
  catchChatRejectRequest(
    @CurrentUser() caller: UserPrincipal,
    @Param('id') id: string,
  ): Promise<CatchChatFriendRequestDto> {
    return this.contacts.actOnRequest(caller, id, 'reject');
  }

  @Patch('received/:id/reject')
  @Access(CONTACT)
  @idParam('id', 'Friend request id')
  @ApiOperation({ summary: 'CatchChat: reject a request you received (PATCH, as the examples)' })
  @ApiOkResponse({ type: CatchChatFriendRequestDto })
  @catchChatNotFound('friend request')
  @catchChatConflict('The request is no longer pending')
  catchChatRejectRequestPatch(
    @CurrentUser() caller: UserPrincipal,
    @Param('id') id: string,
  ): Promise<CatchChatFriendRequestDto> {
    return this.contacts.actOnRequest(caller, id, 'reject');
  }

  @Post('received/:id/block')
  @HttpCode(200)
  @Access(CONTACT)
  @idParam('id', 'Friend request id')
  @ApiOperation({ summary: 'CatchChat: block the sender of a request you received' })
  @ApiOkResponse({ type: CatchChatFriendRequestDto })
  @catchChatNotFound('friend request')
  @catchChatConflict('The request is no longer pending')
  catchChatBlockRequest(
    @CurrentUser() caller: UserPrincipal,
    @Param('id') id: string,
  ): Promise<CatchChatFriendRequestDto> {
    return this.contacts.actOnRequest(caller, id, 'block');
  }

  @Patch('received/:id/block')
  @Access(CONTACT)
  @idParam('id', 'Friend request id')
  @ApiOperation({ summary: 'CatchChat: block the sender of a request (PATCH, as the examples)' })
  @ApiOkResponse({ type: CatchChatFriendRequestDto })
  @catchChatNotFound('friend request')
  @catchChatConflict('The request is no longer pending')
  catchChatBlockRequestPatch(
    @CurrentUser() caller: UserPrincipal,
    @Param('id') id: string,
  ): Promise<CatchChatFriendRequestDto> {
    return this.contacts.actOnRequest(caller, id, 'block');
  }
}

@CatchChatController('api/v4/unfriend_requests')
export class CatchChatUnfriendController {
  constructor(private readonly contacts: CatchChatContactService) {}

  @Post()
  @HttpCode(201)
  @Access(CONTACT)
  @ApiOperation({ summary: 'CatchChat: end a friendship (both sides)' })
  @ApiCreatedResponse({ type: CatchChatEmptyDto })
  @catchChatNotFound('friendship')
  @catchChatUnknownReference('friend_id')
  catchChatUnfriend(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: FriendIdDto,
  ): Promise<CatchChatEmptyDto> {
    return this.contacts.unfriend(caller, body);
  }
}
