import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentUser } from '../auth/access.decorator';
import { UserPrincipal } from '../common/http/request-principal';
import { ApiPaginatedResponse, PageQueryDto, Paginated } from '../common/pagination/pagination';
import { ParseIdPipe } from '../common/validation/parse-id.pipe';
import { BannerService } from './banner.service';
import { BannerDto, CreateBannerDto, WEBPAGE_URL_SCHEMES } from './dto/banner.dto';
import { ApiContentBadInput, ApiContentNotFound, ApiGroupDissolved } from './group-content-docs';
import { Idempotent } from '../common/idempotency/idempotent.decorator';

@ApiTags('group content')
@Controller('groups/:id/banners')
export class BannerController {
  constructor(private readonly banners: BannerService) {}

  @Post()
  @Access({ scopes: ['party_group'] })
  @Idempotent()
  @ApiOperation({
    summary: 'Create a banner (owner and managers)',
    description: `Every field is optional, but at least one of title, content, primary_content, thumb_url or content_url is needed. thumb_url and content_url are http(s); webpage_url may use ${WEBPAGE_URL_SCHEMES.join(', ')}.`,
  })
  @ApiCreatedResponse({ type: BannerDto })
  @ApiContentBadInput(
    '`validation_failed`, naming the field (`banner_empty` on `title` for an empty banner)',
  )
  @ApiContentNotFound()
  @ApiGroupDissolved()
  createGroupBanner(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
    @Body() body: CreateBannerDto,
  ): Promise<BannerDto> {
    return this.banners.createBanner(caller.userId, id, body);
  }

  @Get()
  @Access({ scopes: ['party_group'] })
  @ApiOperation({ summary: "The group's banners, newest first (members)" })
  @ApiPaginatedResponse(BannerDto)
  @ApiContentBadInput()
  @ApiContentNotFound()
  listGroupBanners(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
    @Query() query: PageQueryDto,
  ): Promise<Paginated<BannerDto>> {
    return this.banners.listBanners(caller.userId, id, query);
  }

  @Delete(':banner_id')
  @HttpCode(204)
  @Access({ scopes: ['party_group'] })
  @ApiOperation({ summary: 'Delete a banner (owner and managers)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiContentNotFound('no such banner in the group (`banner_not_found`)')
  @ApiGroupDissolved()
  async deleteGroupBanner(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
    @Param('banner_id', new ParseIdPipe('banner')) bannerId: string,
  ): Promise<void> {
    await this.banners.deleteBanner(caller.userId, id, bannerId);
  }
}
