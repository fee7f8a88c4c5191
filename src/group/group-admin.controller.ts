import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator';
import { ApiPaginatedResponse, PageQueryDto, Paginated } from '../common/pagination/pagination';
import { PersonDto } from '../common/people/person.dto';
import { AdminGroupDto, AdminUsersQueryDto } from './dto/group-admin.dto';
import { GroupAdminService } from './group-admin.service';
import { ApiBadInput, ApiBadReference } from './group-docs';

@ApiTags('admin')
@Controller('admin')
export class GroupAdminController {
  constructor(private readonly admin: GroupAdminService) {}

  @Get('groups')
  @Access({ scopes: ['party_admin'], token: 'app', systemApp: true })
  @ApiOperation({ summary: 'Every group of the system (id, name, ...), oldest first' })
  @ApiPaginatedResponse(AdminGroupDto)
  @ApiBadInput()
  listAdminGroups(@Query() query: PageQueryDto): Promise<Paginated<AdminGroupDto>> {
    return this.admin.listGroups(query);
  }

  @Get('users')
  @Access({ scopes: ['party_admin'], token: 'app', systemApp: true })
  @ApiOperation({
    summary: "Every user of the system, or a group's current members (`group_id`)",
    description:
      "Users by username; a group's members owner and managers first. `name` is the nickname, or the username when there is none.",
  })
  @ApiPaginatedResponse(PersonDto)
  @ApiBadInput()
  @ApiBadReference('`unknown_reference`: no group `group_id`')
  listAdminUsers(@Query() query: AdminUsersQueryDto): Promise<Paginated<PersonDto>> {
    return this.admin.listUsers(query.group_id, query);
  }
}
