import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
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
import { CreateNoticeDto, NoticeDto } from './dto/notice.dto';
import { ApiContentBadInput, ApiContentNotFound, ApiGroupDissolved } from './group-content-docs';
import { NoticeService } from './notice.service';
import { Idempotent } from '../common/idempotency/idempotent.decorator';

const NO_NOTICE = 'no such notice in the group (`notice_not_found`)';

@ApiTags('group content')
@Controller('groups/:id/notices')
export class NoticeController {
  constructor(private readonly notices: NoticeService) {}

  @Post()
  @Access({ scopes: ['party_group'] })
  @Idempotent()
  @ApiOperation({
    summary: 'Post a notice (owner and managers)',
    description: 'Title 1-40 characters, content 1-2000 (Unicode code points).',
  })
  @ApiCreatedResponse({ type: NoticeDto })
  @ApiContentBadInput()
  @ApiContentNotFound()
  @ApiGroupDissolved()
  createGroupNotice(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
    @Body() body: CreateNoticeDto,
  ): Promise<NoticeDto> {
    return this.notices.createNotice(caller.userId, id, body);
  }

  @Get()
  @Access({ scopes: ['party_group'] })
  @ApiOperation({ summary: "The group's notices, newest first (members)" })
  @ApiPaginatedResponse(NoticeDto)
  @ApiContentBadInput()
  @ApiContentNotFound()
  listGroupNotices(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
    @Query() query: PageQueryDto,
  ): Promise<Paginated<NoticeDto>> {
    return this.notices.listNotices(caller.userId, id, query);
  }

  @Get(':notice_id')
  @Access({ scopes: ['party_group'] })
  @ApiOperation({ summary: 'One notice (members)' })
  @ApiOkResponse({ type: NoticeDto })
  @ApiContentNotFound(NO_NOTICE)
  getGroupNotice(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
    @Param('notice_id', new ParseIdPipe('notice')) noticeId: string,
  ): Promise<NoticeDto> {
    return this.notices.getNotice(caller.userId, id, noticeId);
  }

  @Delete(':notice_id')
  @HttpCode(204)
  @Access({ scopes: ['party_group'] })
  @ApiOperation({ summary: 'Delete a notice (owner and managers)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiContentNotFound(NO_NOTICE)
  @ApiGroupDissolved()
  async deleteGroupNotice(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
    @Param('notice_id', new ParseIdPipe('notice')) noticeId: string,
  ): Promise<void> {
    await this.notices.deleteNotice(caller.userId, id, noticeId);
  }
}
