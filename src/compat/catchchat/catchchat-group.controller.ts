import { Body, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { Access, CurrentUser } from '../../auth/access.decorator';
import { UserPrincipal } from '../../common/http/request-principal';
import { PageQueryDto } from '../../common/pagination/pagination';
import { UploadAddressBookDto } from '../../contact/dto/address-book.dto';
import { FriendListNameDto } from '../../contact/dto/friend-list.dto';
import {
  CatchChatController,
  catchChatNotFound,
  catchChatUnknownReference,
} from './catchchat-docs';
import { CatchChatGroupService } from './catchchat-group.service';
import { CatchChatList } from './catchchat-wire';
import { CatchChatEmptyDto } from './dto/catchchat-contact.dto';
import {
  CatchChatContactsUploadedDto,
  CatchChatFriendshipIdDto,
  CatchChatGroupDto,
  CatchChatGroupListDto,
  CatchChatMayKnowListDto,
} from './dto/catchchat-group.dto';

const CONTACT = { scopes: ['party_contact'] } as const;
const groupId = ApiParam({ name: 'id', description: 'Group (of friends) id', example: '2' });

@CatchChatController('api/v4/groups')
export class CatchChatGroupController {
  constructor(private readonly groups: CatchChatGroupService) {}

  @Get()
  @Access(CONTACT)
  @ApiOperation({ summary: 'CatchChat: your groups of friends (friend lists)' })
  @ApiOkResponse({ type: CatchChatGroupListDto })
  catchChatListGroups(
    @CurrentUser() caller: UserPrincipal,
    @Query() query: PageQueryDto,
  ): Promise<CatchChatList<CatchChatGroupDto>> {
    return this.groups.list(caller, query);
  }

  @Post()
  @HttpCode(201)
  @Access(CONTACT)
  @ApiOperation({ summary: 'CatchChat: create a group of friends' })
  @ApiCreatedResponse({ type: CatchChatGroupDto })
  catchChatCreateGroup(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: FriendListNameDto,
  ): Promise<CatchChatGroupDto> {
    return this.groups.create(caller, body);
  }

  @Get(':id')
  @Access(CONTACT)
  @groupId
  @ApiOperation({ summary: 'CatchChat: one of your groups of friends' })
  @ApiOkResponse({ type: CatchChatGroupDto })
  @catchChatNotFound('group')
  catchChatGetGroup(
    @CurrentUser() caller: UserPrincipal,
    @Param('id') id: string,
  ): Promise<CatchChatGroupDto> {
    return this.groups.get(caller, id);
  }

  @Patch(':id')
  @Access(CONTACT)
  @groupId
  @ApiOperation({ summary: 'CatchChat: rename a group of friends' })
  @ApiOkResponse({ type: CatchChatGroupDto })
  @catchChatNotFound('group')
  catchChatRenameGroup(
    @CurrentUser() caller: UserPrincipal,
    @Param('id') id: string,
    @Body() body: FriendListNameDto,
  ): Promise<CatchChatGroupDto> {
    return this.groups.rename(caller, id, body);
  }

  @Delete(':id')
  @Access(CONTACT)
  @groupId
  @ApiOperation({ summary: 'CatchChat: delete a group of friends (the friendships stay)' })
  @ApiOkResponse({ type: CatchChatEmptyDto })
  @catchChatNotFound('group')
  catchChatDeleteGroup(
    @CurrentUser() caller: UserPrincipal,
    @Param('id') id: string,
  ): Promise<CatchChatEmptyDto> {
    return this.groups.remove(caller, id);
  }

  @Post(':id/add_friendship')
  @HttpCode(200)
  @Access(CONTACT)
  @groupId
  @ApiOperation({ summary: 'CatchChat: put one of your friendships in a group' })
  @ApiOkResponse({ type: CatchChatEmptyDto })
  @catchChatNotFound('group')
  @catchChatUnknownReference('friendship_id')
  catchChatAddGroupFriendship(
    @CurrentUser() caller: UserPrincipal,
    @Param('id') id: string,
    @Body() body: CatchChatFriendshipIdDto,
  ): Promise<CatchChatEmptyDto> {
    return this.groups.addFriendship(caller, id, body);
  }

  @Delete(':id/remove_friendship/:friendship_id')
  @Access(CONTACT)
  @groupId
  @ApiParam({ name: 'friendship_id', description: 'Friendship id', example: '3' })
  @ApiOperation({ summary: 'CatchChat: take a friendship out of a group' })
  @ApiOkResponse({ type: CatchChatEmptyDto })
  @catchChatNotFound('group, or friendship in it')
  catchChatRemoveGroupFriendship(
    @CurrentUser() caller: UserPrincipal,
    @Param('id') id: string,
    @Param('friendship_id') friendshipId: string,
  ): Promise<CatchChatEmptyDto> {
    return this.groups.removeFriendship(caller, id, friendshipId);
  }
}

@CatchChatController('api/v4/contacts')
export class CatchChatContactsController {
  constructor(private readonly groups: CatchChatGroupService) {}

  @Post('upload')
  @HttpCode(200)
  @Access(CONTACT)
  @ApiOperation({
    summary: 'CatchChat: replace your address book; answers its registered people',
    description: '`contacts` is a JSON string in form bodies. Party keeps number hashes only.',
  })
  @ApiOkResponse({ type: CatchChatContactsUploadedDto })
  catchChatUploadContacts(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: UploadAddressBookDto,
  ): Promise<CatchChatContactsUploadedDto> {
    return this.groups.uploadContacts(caller, body);
  }
}

@CatchChatController('api/v4/user/may_know_friends')
export class CatchChatMayKnowController {
  constructor(private readonly groups: CatchChatGroupService) {}

  @Get()
  @Access(CONTACT)
  @ApiOperation({ summary: 'CatchChat: people you may know, by common friends' })
  @ApiOkResponse({ type: CatchChatMayKnowListDto })
  catchChatMayKnowFriends(@CurrentUser() caller: UserPrincipal): Promise<CatchChatMayKnowListDto> {
    return this.groups.mayKnow(caller);
  }
}
