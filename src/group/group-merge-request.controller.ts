import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentUser } from '../auth/access.decorator';
import { UserPrincipal } from '../common/http/request-principal';
import { ApiPaginatedResponse, Paginated } from '../common/pagination/pagination';
import { ParseIdPipe } from '../common/validation/parse-id.pipe';
import { GroupMergeRequestDto, GroupMergeRequestQueryDto } from './dto/group-merge-request.dto';
import { ApiBadInput, ApiGroupConflict, ApiGroupNotFound } from './group-docs';
import { GroupMergeService } from './group-merge.service';

const NOT_VISIBLE = 'No such merge request, or you neither sent it nor own its target group';
const NOT_PENDING = 'The request is no longer pending (`merge_request_not_pending`)';

@ApiTags('groups')
@Controller('group-merge-requests')
export class GroupMergeRequestController {
  constructor(private readonly merges: GroupMergeService) {}

  @Get()
  @Access({ scopes: ['party_group'] })
  @ApiOperation({
    summary: 'Merge requests into groups you own (incoming) and those you sent (outgoing)',
    description: 'Newest first; `state` filters.',
  })
  @ApiPaginatedResponse(GroupMergeRequestDto)
  @ApiBadInput()
  listGroupMergeRequests(
    @CurrentUser() caller: UserPrincipal,
    @Query() query: GroupMergeRequestQueryDto,
  ): Promise<Paginated<GroupMergeRequestDto>> {
    return this.merges.list(caller.userId, query);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Access({ scopes: ['party_group'] })
  @ApiOperation({
    summary: "Accept a merge request (the target group's owner)",
    description:
      "In one transaction the source group's current members join your group as members (those already in it keep their roles) and the source group is dissolved.",
  })
  @ApiOkResponse({ type: GroupMergeRequestDto })
  @ApiGroupNotFound(NOT_VISIBLE)
  @ApiGroupConflict(`${NOT_PENDING}, or one of the groups is dissolved (\`group_dissolved\`)`)
  acceptGroupMergeRequest(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('merge_request')) id: string,
  ): Promise<GroupMergeRequestDto> {
    return this.merges.accept(caller.userId, id);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Access({ scopes: ['party_group'] })
  @ApiOperation({ summary: "Reject a merge request (the target group's owner)" })
  @ApiOkResponse({ type: GroupMergeRequestDto })
  @ApiGroupNotFound(NOT_VISIBLE)
  @ApiGroupConflict(NOT_PENDING)
  rejectGroupMergeRequest(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('merge_request')) id: string,
  ): Promise<GroupMergeRequestDto> {
    return this.merges.reject(caller.userId, id);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Access({ scopes: ['party_group'] })
  @ApiOperation({ summary: 'Withdraw a pending merge request you sent' })
  @ApiOkResponse({ type: GroupMergeRequestDto })
  @ApiGroupNotFound(NOT_VISIBLE)
  @ApiGroupConflict(NOT_PENDING)
  withdrawGroupMergeRequest(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('merge_request')) id: string,
  ): Promise<GroupMergeRequestDto> {
    return this.merges.withdraw(caller.userId, id);
  }
}
