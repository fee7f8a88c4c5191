import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentUser } from '../auth/access.decorator';
import { UserPrincipal } from '../common/http/request-principal';
import { ParseIdPipe } from '../common/validation/parse-id.pipe';
import { AnnouncementService } from './announcement.service';
import { AnnouncementDto, UpdateAnnouncementDto } from './dto/announcement.dto';
import { ApiContentBadInput, ApiContentNotFound, ApiGroupDissolved } from './group-content-docs';

@ApiTags('group content')
@Controller('groups/:id/announcement')
export class AnnouncementController {
  constructor(private readonly announcements: AnnouncementService) {}

  @Get()
  @Access({ scopes: ['party_group'] })
  @ApiOperation({ summary: "The group's announcement (members)" })
  @ApiOkResponse({ type: AnnouncementDto })
  @ApiContentNotFound()
  getGroupAnnouncement(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
  ): Promise<AnnouncementDto> {
    return this.announcements.getAnnouncement(caller.userId, id);
  }

  @Put()
  @Access({ scopes: ['party_group'] })
  @ApiOperation({
    summary: 'Set or clear the announcement (owner and managers)',
    description:
      'At most 512 characters (Unicode code points); an empty string clears it. A change posts an `announcement_updated` system message in the group.',
  })
  @ApiOkResponse({ type: AnnouncementDto })
  @ApiContentBadInput()
  @ApiContentNotFound()
  @ApiGroupDissolved()
  updateGroupAnnouncement(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
    @Body() body: UpdateAnnouncementDto,
  ): Promise<AnnouncementDto> {
    return this.announcements.setAnnouncement(caller.userId, id, body.announcement);
  }
}
