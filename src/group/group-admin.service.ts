import { Injectable } from '@nestjs/common';
import { UserService } from '../auth/user.service';
import { UnprocessableReferenceError } from '../common/errors/domain-error';
import { PageQueryDto, Paginated } from '../common/pagination/pagination';
import { PersonDto, toPerson } from '../common/people/person.dto';
import { AdminGroupDto } from './dto/group-admin.dto';
import { groupStatusLabel } from './group-access';
import { GroupRepository } from './group.repository';

/** App-level reads (`party_admin`): every group, and the users of a group. */
@Injectable()
export class GroupAdminService {
  constructor(
    private readonly repo: GroupRepository,
    private readonly users: UserService,
  ) {}

  async listGroups(query: PageQueryDto): Promise<Paginated<AdminGroupDto>> {
    const { rows, total } = await this.repo.listAllGroups(query.offset, query.per_page);
    const groups = rows.map(
      (row) =>
        ({
          id: row.id,
          name: row.name,
          owner_id: row.ownerId,
          status: row.status,
          status_string: groupStatusLabel(row.status),
          member_count: row.memberCount,
          created_at: row.createdAt,
        }) as AdminGroupDto,
    );
    return Paginated.of(groups, query, total);
  }

  /** Every user of the system (by username), or a group's current members. */
  async listUsers(groupId: string | undefined, query: PageQueryDto): Promise<Paginated<PersonDto>> {
    return groupId === undefined ? this.users.listAll(query) : this.listGroupUsers(groupId, query);
  }

  /** A group's current members (owner, managers, members); 422 for an unknown group. */
  private async listGroupUsers(
    groupId: string,
    query: PageQueryDto,
  ): Promise<Paginated<PersonDto>> {
    if ((await this.repo.existingGroupIds([groupId])).size === 0) {
      throw new UnprocessableReferenceError('unknown_reference', 'group_id', [groupId]);
    }
    const { ids, total } = await this.repo.pageActiveMemberIds(
      groupId,
      query.offset,
      query.per_page,
    );
    const profiles = await this.users.profilesByIds(ids);
    const people = ids.flatMap((id) => {
      const profile = profiles.get(id);
      return profile ? [toPerson(profile)] : [];
    });
    return Paginated.of(people, query, total);
  }
}
