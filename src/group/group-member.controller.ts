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
import {
  AddGroupMembersDto,
  GroupDto,
  GroupMemberDto,
  GroupMemberIdsDto,
  UpdateGroupMemberDto,
} from './dto/group.dto';
import { ApiBadInput, ApiBadReference, ApiGroupConflict, ApiGroupNotFound } from './group-docs';
import { GroupMembersService } from './group-members.service';

const MEMBER_NOT_FOUND =
  'No such group or you are not a member, or the user is not a current member';

@ApiTags('groups')
@Controller('groups/:id')
export class GroupMemberController {
  constructor(private readonly members: GroupMembersService) {}

  @Get('members')
  @Access({ scopes: ['party_group'] })
  @ApiOperation({
    summary: 'Members of the group: owner, managers, then members',
    description:
      'Everyone sees current members. Only the owner also sees former members (who left or were removed), and only for him each member carries `is_removed` and `status` (active | left | blocked); for everyone else these two fields are absent.',
  })
  @ApiPaginatedResponse(GroupMemberDto)
  @ApiBadInput()
  @ApiGroupNotFound()
  listGroupMembers(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
    @Query() query: PageQueryDto,
  ): Promise<Paginated<GroupMemberDto>> {
    return this.members.listMembers(caller.userId, id, query);
  }

  @Get('member-ids')
  @Access({ scopes: ['party_group'] })
  @ApiOperation({
    summary: 'Ids of the managers (owner included) and of every current member',
  })
  @ApiOkResponse({ type: GroupMemberIdsDto })
  @ApiGroupNotFound()
  getGroupMemberIds(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
  ): Promise<GroupMemberIdsDto> {
    return this.members.memberIds(caller.userId, id);
  }

  @Post('members')
  @Access({ scopes: ['party_group'] })
  @ApiOperation({
    summary: 'Add members (owner and managers)',
    description:
      'Former members (left or removed) may be added back; they see history from their new joining time.',
  })
  @ApiCreatedResponse({ type: GroupDto, description: 'The memberships were created: the group' })
  @ApiBadInput()
  @ApiGroupNotFound()
  @ApiGroupConflict(
    'The group is dissolved (`group_dissolved`), or some users are already members (`already_member`, with `ids`)',
  )
  @ApiBadReference('`unknown_reference` / `not_addable`, naming the ids')
  addGroupMembers(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
    @Body() body: AddGroupMembersDto,
  ): Promise<GroupDto> {
    return this.members.addMembers(caller.userId, id, body.user_ids);
  }

  @Delete('members/:user_id')
  @HttpCode(204)
  @Access({ scopes: ['party_group'] })
  @ApiOperation({
    summary: 'Remove a member',
    description:
      'The owner removes anyone but himself; managers remove plain members. The group may shrink below three members.',
  })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiGroupNotFound(MEMBER_NOT_FOUND)
  @ApiGroupConflict(
    'The group is dissolved (`group_dissolved`), or the owner tried to remove himself (`owner_must_transfer`)',
  )
  async removeGroupMember(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
    @Param('user_id', new ParseIdPipe('member')) userId: string,
  ): Promise<void> {
    await this.members.removeMember(caller.userId, id, userId);
  }

  @Patch('members/:user_id')
  @Access({ scopes: ['party_group'] })
  @ApiOperation({ summary: "Change a member's role to manager or member (owner)" })
  @ApiOkResponse({ type: GroupMemberDto })
  @ApiBadInput()
  @ApiGroupNotFound(MEMBER_NOT_FOUND)
  @ApiGroupConflict(
    'The group is dissolved (`group_dissolved`), or the target is the owner (`owner_must_transfer`)',
  )
  updateGroupMember(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
    @Param('user_id', new ParseIdPipe('member')) userId: string,
    @Body() body: UpdateGroupMemberDto,
  ): Promise<GroupMemberDto> {
    return this.members.setRole(caller.userId, id, userId, body.role);
  }
}
