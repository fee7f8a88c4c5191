import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors/domain-error';
import { GroupStatus } from './entities/group.entity';
import { GroupRole } from './entities/group-member.entity';
import './group.messages';
import { GroupRepository } from './group.repository';

export interface GroupMembership {
  role: GroupRole;
  groupStatus: GroupStatus;
  groupName: string;
  /** The member has blocked (hidden and muted) the group for himself; he is still a member. */
  blocked: boolean;
}

/** Groups: what other modules may ask (membership checks), and the group rules. */
@Injectable()
export class GroupService {
  constructor(private readonly repo: GroupRepository) {}

  /**
   * The one object-level access check of every group route (and of announcement, share-file,
   * notify and message): 404 `not_found` (resource group) when the group does not exist or the
   * user is not a current member (never joined, left or removed).
   */
  async requireMembership(userId: string, groupId: string): Promise<GroupMembership> {
    const membership = await this.repo.findMembership(userId, groupId);
    if (!membership) throw new NotFoundError('group');
    return membership;
  }

  async groupExists(groupId: string): Promise<boolean> {
    return (await this.repo.existingGroupIds([groupId])).has(groupId);
  }

  /** The ids among `ids` that name no group. */
  async missingGroupIds(ids: readonly string[]): Promise<string[]> {
    const existing = await this.repo.existingGroupIds(ids);
    return [...new Set(ids)].filter((id) => !existing.has(id));
  }

  /** Ids of the group's current members (those who blocked it included), oldest first. */
  async activeMemberIds(groupId: string): Promise<string[]> {
    return this.repo.activeMemberIds(groupId);
  }
}
