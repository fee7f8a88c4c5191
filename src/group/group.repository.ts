import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { GroupEntity, GroupStatus } from './entities/group.entity';
import { GroupMemberEntity, GroupRole } from './entities/group-member.entity';

export interface MembershipRow {
  role: GroupRole;
  groupStatus: GroupStatus;
  groupName: string;
  blocked: boolean;
}

/** SQL of the group module: groups, memberships and merge requests. */
@Injectable()
export class GroupRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The caller's current membership of a group, or null (no group, or not a current member). */
  async findMembership(
    userId: string,
    groupId: string,
    tx?: EntityManager,
  ): Promise<MembershipRow | null> {
    const rows: { role: GroupRole; status: GroupStatus; name: string; blocked: boolean }[] =
      await this.manager(tx).query(
        `SELECT m.role, g.status, g.name, (m.blocked_at IS NOT NULL) AS blocked
           FROM group_members m JOIN groups g ON g.id = m.group_id
          WHERE m.group_id = $1 AND m.user_id = $2 AND m.state = 'active'`,
        [groupId, userId],
      );
    const row = rows[0];
    return row
      ? { role: row.role, groupStatus: row.status, groupName: row.name, blocked: row.blocked }
      : null;
  }

  async existingGroupIds(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.dataSource.manager.find(GroupEntity, {
      where: { id: In([...new Set(ids)]) },
      select: { id: true },
    });
    return new Set(rows.map((row) => row.id));
  }

  /** Ids of the group's current members (blocked ones included). */
  async activeMemberIds(groupId: string, tx?: EntityManager): Promise<string[]> {
    const rows = await this.manager(tx).find(GroupMemberEntity, {
      where: { groupId, state: 'active' },
      select: { userId: true },
      order: { joinedAt: 'ASC', userId: 'ASC' },
    });
    return rows.map((row) => row.userId);
  }
}
