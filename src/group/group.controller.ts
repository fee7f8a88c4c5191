import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Access, CurrentUser } from '../auth/access.decorator';
import { UserPrincipal } from '../common/http/request-principal';
import { ApiPaginatedResponse, PageQueryDto, Paginated } from '../common/pagination/pagination';
import { ParseIdPipe } from '../common/validation/parse-id.pipe';
import { CreateGroupDto, GroupDto, RenameGroupDto, TransferGroupDto } from './dto/group.dto';
import { CreateGroupMergeRequestDto, GroupMergeRequestDto } from './dto/group-merge-request.dto';
import { ApiBadInput, ApiBadReference, ApiGroupConflict, ApiGroupNotFound } from './group-docs';
import { GroupMergeService } from './group-merge.service';
import { GroupService } from './group.service';
import { Idempotent } from '../common/idempotency/idempotent.decorator';

@ApiTags('groups')
@Controller('groups')
export class GroupController {
  constructor(
    private readonly groups: GroupService,
    private readonly merges: GroupMergeService,
  ) {}

  @Post()
  @Access({ scopes: ['party_group'] })
  @Idempotent()
  @ApiOperation({
    summary: 'Create a group with you as owner and at least two other users',
    description:
      "At least 3 members. `name` defaults to the first members' names. 422 `unknown_reference` names ids of no user, `not_addable` users who cannot be added.",
  })
  @ApiCreatedResponse({ type: GroupDto })
  @ApiBadInput()
  @ApiBadReference('`unknown_reference` / `not_addable`, naming the ids')
  createGroup(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: CreateGroupDto,
  ): Promise<GroupDto> {
    return this.groups.create(caller.userId, body);
  }

  @Get()
  @Access({ scopes: ['party_group'] })
  @ApiOperation({
    summary: 'Your groups (dissolved and blocked ones included), most recently changed first',
  })
  @ApiPaginatedResponse(GroupDto)
  @ApiBadInput()
  listGroups(
    @CurrentUser() caller: UserPrincipal,
    @Query() query: PageQueryDto,
  ): Promise<Paginated<GroupDto>> {
    return this.groups.listMyGroups(caller.userId, query);
  }

  @Get(':id')
  @Access({ scopes: ['party_group'] })
  @ApiOperation({ summary: 'One of your groups' })
  @ApiOkResponse({ type: GroupDto })
  @ApiGroupNotFound()
  getGroup(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
  ): Promise<GroupDto> {
    return this.groups.getGroup(caller.userId, id);
  }

  @Patch(':id')
  @Access({ scopes: ['party_group'] })
  @ApiOperation({ summary: 'Rename the group (owner and managers)' })
  @ApiOkResponse({ type: GroupDto })
  @ApiBadInput()
  @ApiGroupNotFound()
  @ApiGroupConflict()
  renameGroup(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
    @Body() body: RenameGroupDto,
  ): Promise<GroupDto> {
    return this.groups.rename(caller.userId, id, body.name);
  }

  @Post(':id/dissolve')
  @HttpCode(200)
  @Access({ scopes: ['party_group'] })
  @ApiOperation({
    summary: 'Dissolve the group (owner)',
    description:
      'A dissolved group accepts no messages or member changes, stays readable and moves to Archive.',
  })
  @ApiOkResponse({ type: GroupDto })
  @ApiGroupNotFound()
  @ApiGroupConflict('The group is already dissolved (`group_dissolved`)')
  dissolveGroup(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
  ): Promise<GroupDto> {
    return this.groups.dissolve(caller.userId, id);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @Access({ scopes: ['party_group'] })
  @ApiOperation({ summary: 'Restore a dissolved group with its members (owner)' })
  @ApiOkResponse({ type: GroupDto })
  @ApiGroupNotFound()
  @ApiGroupConflict('The group is not dissolved (`group_not_dissolved`)')
  restoreGroup(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
  ): Promise<GroupDto> {
    return this.groups.restore(caller.userId, id);
  }

  @Post(':id/block')
  @HttpCode(200)
  @Access({ scopes: ['party_group'] })
  @ApiOperation({
    summary: 'Block the group for yourself (any member)',
    description:
      'Hides and mutes it: no unread counts or notifications for you, it moves to Archive. You stay a member. A repeat changes nothing.',
  })
  @ApiOkResponse({ type: GroupDto })
  @ApiGroupNotFound()
  blockGroup(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
  ): Promise<GroupDto> {
    return this.groups.setBlocked(caller.userId, id, true);
  }

  @Delete(':id/block')
  @Access({ scopes: ['party_group'] })
  @ApiOperation({ summary: 'Unblock the group for yourself' })
  @ApiOkResponse({ type: GroupDto })
  @ApiGroupNotFound()
  unblockGroup(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
  ): Promise<GroupDto> {
    return this.groups.setBlocked(caller.userId, id, false);
  }

  @Post(':id/leave')
  @HttpCode(204)
  @Access({ scopes: ['party_group'] })
  @ApiOperation({
    summary: 'Leave the group',
    description:
      'The owner must transfer the ownership first, unless he is the last member: then the group is dissolved.',
  })
  @ApiNoContentResponse({ description: 'You left' })
  @ApiGroupNotFound()
  @ApiGroupConflict(
    'The group is dissolved (`group_dissolved`), or the owner must transfer first (`owner_must_transfer`)',
  )
  async leaveGroup(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
  ): Promise<void> {
    await this.groups.leave(caller.userId, id);
  }

  @Post(':id/transfer')
  @HttpCode(200)
  @Access({ scopes: ['party_group'] })
  @ApiOperation({
    summary: 'Transfer the ownership to a current member (owner); you become a manager',
  })
  @ApiOkResponse({ type: GroupDto })
  @ApiBadInput()
  @ApiGroupNotFound()
  @ApiGroupConflict()
  @ApiBadReference('`unknown_reference` (no such user) / `not_addable` (not a current member)')
  transferGroup(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
    @Body() body: TransferGroupDto,
  ): Promise<GroupDto> {
    return this.groups.transfer(caller.userId, id, body.user_id);
  }

  @Post(':id/merge-requests')
  @Access({ scopes: ['party_group'] })
  @Idempotent()
  @ApiOperation({
    summary: 'Ask to merge this group into another (owner)',
    description:
      "The target group's owner accepts or rejects; on accept this group's members join the target and this group is dissolved.",
  })
  @ApiCreatedResponse({ type: GroupMergeRequestDto })
  @ApiBadInput()
  @ApiGroupNotFound()
  @ApiGroupConflict(
    'The group is dissolved (`group_dissolved`), or a request between the two groups is pending (`merge_request_pending`)',
  )
  @ApiBadReference('`unknown_reference` / `not_addable` for `target_group_id`')
  createGroupMergeRequest(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
    @Body() body: CreateGroupMergeRequestDto,
  ): Promise<GroupMergeRequestDto> {
    return this.merges.create(caller.userId, id, body.target_group_id);
  }
}
