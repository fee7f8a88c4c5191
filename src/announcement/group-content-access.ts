import { Injectable } from '@nestjs/common';
import { UserService } from '../auth/user.service';
import { ConflictError, ForbiddenError } from '../common/errors/domain-error';
import { PersonDto, toPerson } from '../common/people/person.dto';
import { ContactService } from '../contact/contact.service';
import { GroupMembership, GroupService } from '../group/group.service';

/**
 * The one access check of group content (announcement, notices, banners, shared files), on top
 * of `GroupService.requireMembership` (404 to non-members).
 */
@Injectable()
export class GroupContentAccess {
  constructor(
    private readonly groups: GroupService,
    private readonly contacts: ContactService,
    private readonly users: UserService,
  ) {}

  /** 404 unless the user is a current member of the group. */
  member(userId: string, groupId: string): Promise<GroupMembership> {
    return this.groups.requireMembership(userId, groupId);
  }

  /**
   * Changing group content: 404 to non-members, 403 `forbidden` to members who are neither the
   * owner nor a manager (unless `allowMembers`), 409 `group_dissolved` in a dissolved group.
   */
  async writer(
    userId: string,
    groupId: string,
    options: { allowMembers?: boolean } = {},
  ): Promise<GroupMembership> {
    const membership = await this.groups.requireMembership(userId, groupId);
    if (!options.allowMembers && membership.role === 'member') throw new ForbiddenError();
    if (membership.groupStatus === 'dissolved') throw new ConflictError('group_dissolved');
    return membership;
  }

  groupExists(groupId: string): Promise<boolean> {
    return this.groups.groupExists(groupId);
  }

  /**
   * People as the viewer calls them; with no viewing user (an app token) the names are the
   * users' own (nickname || username).
   */
  async people(viewerId: string | null, ids: readonly string[]): Promise<Map<string, PersonDto>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    if (viewerId) return this.contacts.describePeople(viewerId, unique);
    const profiles = await this.users.profilesByIds(unique);
    return new Map([...profiles].map(([id, profile]) => [id, toPerson(profile)]));
  }
}
