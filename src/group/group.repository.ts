import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, Not } from 'typeorm';
import { GroupEntity, GroupStatus } from './entities/group.entity';
import { GroupMemberEntity, GroupRole } from './entities/group-member.entity';
import { GroupMergeRequestEntity, MergeRequestState } from './entities/group-merge-request.entity';

export interface MembershipRow {
  role: GroupRole;
  groupStatus: GroupStatus;
  groupName: string;
  blocked: boolean;
}

/** A group as one member sees it. */
export interface GroupView {
  id: string;
  name: string;
  ownerId: string;
  status: GroupStatus;
  dissolvedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  memberCount: number;
  myRole: GroupRole;
  blocked: boolean;
}

export interface AdminGroupRow {
  id: string;
  name: string;
  ownerId: string;
  status: GroupStatus;
  memberCount: number;
  createdAt: Date;
}

export interface MergeRequestRow {
  id: string;
  sourceGroupId: string;
  sourceGroupName: string;
  targetGroupId: string;
  targetGroupName: string;
  targetOwnerId: string;
  requesterId: string;
  state: MergeRequestState;
  decidedAt: Date | null;
  createdAt: Date;
}

const ROLE_ORDER = `CASE m.role WHEN 'owner' THEN 0 WHEN 'manager' THEN 1 ELSE 2 END`;

const GROUP_VIEW_COLUMNS = `g.id, g.name, g.owner_id AS "ownerId", g.status, g.dissolved_at AS "dissolvedAt",
  g.created_at AS "createdAt", g.updated_at AS "updatedAt", m.role AS "myRole",
  (m.blocked_at IS NOT NULL) AS blocked,
  (SELECT count(*)::int FROM group_members c WHERE c.group_id = g.id AND c.state = 'active') AS "memberCount"`;

const MERGE_REQUEST_COLUMNS = `r.id, r.source_group_id AS "sourceGroupId", s.name AS "sourceGroupName",
  r.target_group_id AS "targetGroupId", t.name AS "targetGroupName", t.owner_id AS "targetOwnerId",
  r.requester_id AS "requesterId", r.state, r.decided_at AS "decidedAt", r.created_at AS "createdAt"`;

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

  /** The user's current membership of a group, or null (no group, or not a current member). */
  async findMembership(
    userId: string,
    groupId: string,
    tx?: EntityManager,
    lock = false,
  ): Promise<MembershipRow | null> {
    if (lock) {
      // The group row first, then a fresh read of the membership: a statement that waited for
      // the lock would otherwise still see the role the member had before the change it waited
      // for (two owners after racing transfers). One lock order (the group) avoids deadlocks.
      await this.manager(tx).query('SELECT 1 FROM groups WHERE id = $1 FOR UPDATE', [groupId]);
    }
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

  async findGroup(groupId: string, tx?: EntityManager, lock = false): Promise<GroupEntity | null> {
    return this.manager(tx).findOne(GroupEntity, {
      where: { id: groupId },
      lock: lock ? { mode: 'pessimistic_write' } : undefined,
    });
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

  /** Current members' ids with their roles: owner, then managers, then members. */
  async activeMemberRoles(groupId: string): Promise<{ userId: string; role: GroupRole }[]> {
    return this.dataSource.query(
      `SELECT m.user_id AS "userId", m.role FROM group_members m
        WHERE m.group_id = $1 AND m.state = 'active'
        ORDER BY ${ROLE_ORDER}, m.joined_at, m.user_id`,
      [groupId],
    );
  }

  async findMember(
    groupId: string,
    userId: string,
    tx?: EntityManager,
  ): Promise<GroupMemberEntity | null> {
    return this.manager(tx).findOne(GroupMemberEntity, { where: { groupId, userId } });
  }

  /** One page of a group's members: current ones only, or every row ever (for the owner). */
  async listMembers(
    groupId: string,
    includeFormer: boolean,
    offset: number,
    limit: number,
  ): Promise<{ rows: GroupMemberEntity[]; total: number }> {
    const where = `m.group_id = $1 ${includeFormer ? '' : "AND m.state = 'active'"}`;
    const rows: GroupMemberEntity[] = await this.dataSource.query(
      `SELECT m.user_id AS "userId", m.role, m.state, m.blocked_at AS "blockedAt",
              m.joined_at AS "joinedAt", m.left_at AS "leftAt"
         FROM group_members m WHERE ${where}
        ORDER BY (m.state <> 'active'), ${ROLE_ORDER}, m.joined_at, m.user_id
        OFFSET $2 LIMIT $3`,
      [groupId, offset, limit],
    );
    const count: { total: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM group_members m WHERE ${where}`,
      [groupId],
    );
    return { rows, total: count[0].total };
  }

  async groupView(userId: string, groupId: string, tx?: EntityManager): Promise<GroupView | null> {
    const rows: GroupView[] = await this.manager(tx).query(
      `SELECT ${GROUP_VIEW_COLUMNS}
         FROM groups g JOIN group_members m ON m.group_id = g.id AND m.user_id = $2 AND m.state = 'active'
        WHERE g.id = $1`,
      [groupId, userId],
    );
    return rows[0] ?? null;
  }

  /**
   * The group as its events store it: the owner's membership row stands in for the reader's
   * (delivery puts each reader's own role and block in its place), whoever is still a member.
   */
  async groupViewForEvent(groupId: string, tx: EntityManager): Promise<GroupView | null> {
    const rows: GroupView[] = await tx.query(
      `SELECT ${GROUP_VIEW_COLUMNS}
         FROM groups g JOIN group_members m ON m.group_id = g.id AND m.user_id = g.owner_id
        WHERE g.id = $1`,
      [groupId],
    );
    return rows[0] ?? null;
  }

  /** The groups the user is a current member of, most recently changed first. */
  async listMyGroups(
    userId: string,
    offset: number,
    limit: number,
  ): Promise<{ rows: GroupView[]; total: number }> {
    const rows: GroupView[] = await this.dataSource.query(
      `SELECT ${GROUP_VIEW_COLUMNS}
         FROM group_members m JOIN groups g ON g.id = m.group_id
        WHERE m.user_id = $1 AND m.state = 'active'
        ORDER BY g.updated_at DESC, g.id
        OFFSET $2 LIMIT $3`,
      [userId, offset, limit],
    );
    const count: { total: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM group_members m WHERE m.user_id = $1 AND m.state = 'active'`,
      [userId],
    );
    return { rows, total: count[0].total };
  }

  async insertGroup(
    tx: EntityManager,
    group: { name: string; ownerId: string },
    memberIds: readonly string[],
  ): Promise<string> {
    const inserted = await tx.insert(GroupEntity, { name: group.name, ownerId: group.ownerId });
    const groupId = (inserted.identifiers[0] as { id: string }).id;
    await tx.insert(
      GroupMemberEntity,
      [group.ownerId, ...memberIds].map((userId) => ({
        groupId,
        userId,
        role: userId === group.ownerId ? ('owner' as const) : ('member' as const),
      })),
    );
    return groupId;
  }

  /** Touches `updated_at` along with the given changes. */
  async updateGroup(
    tx: EntityManager,
    groupId: string,
    changes: Partial<Pick<GroupEntity, 'name' | 'ownerId' | 'status' | 'dissolvedAt'>>,
  ): Promise<void> {
    await tx.update(GroupEntity, { id: groupId }, { ...changes, updatedAt: () => 'now()' });
  }

  /**
   * Makes the users current plain members: new rows, or former members (left / removed) back in
   * with a fresh `joined_at`. Current members are left as they are. Returns who was added.
   */
  async addMembers(
    tx: EntityManager,
    groupId: string,
    userIds: readonly string[],
  ): Promise<string[]> {
    if (userIds.length === 0) return [];
    const rows: { user_id: string }[] = await tx.query(
      `INSERT INTO group_members (group_id, user_id, role, state, joined_at)
       SELECT $1, u, 'member', 'active', now() FROM unnest($2::uuid[]) AS u
       ON CONFLICT (group_id, user_id) DO UPDATE
         SET role = 'member', state = 'active', joined_at = now(), left_at = NULL, blocked_at = NULL
         WHERE group_members.state <> 'active'
       RETURNING user_id`,
      [groupId, userIds],
    );
    const added = new Set(rows.map((row) => row.user_id));
    return userIds.filter((id) => added.has(id));
  }

  /** Ends a current membership (`left` or `removed`); false when he was not a current member. */
  async endMembership(
    tx: EntityManager,
    groupId: string,
    userId: string,
    state: 'left' | 'removed',
  ): Promise<boolean> {
    const result = await tx.update(
      GroupMemberEntity,
      { groupId, userId, state: 'active' },
      { state, role: 'member', leftAt: () => 'now()', blockedAt: null },
    );
    return (result.affected ?? 0) > 0;
  }

  async setRole(
    tx: EntityManager,
    groupId: string,
    userId: string,
    role: GroupRole,
  ): Promise<void> {
    await tx.update(GroupMemberEntity, { groupId, userId, state: 'active' }, { role });
  }

  /** Sets or clears the member's block; false when nothing changed. */
  async setBlocked(
    tx: EntityManager,
    groupId: string,
    userId: string,
    blocked: boolean,
  ): Promise<boolean> {
    const result = await tx.update(
      GroupMemberEntity,
      { groupId, userId, state: 'active', blockedAt: blocked ? IsNull() : Not(IsNull()) },
      { blockedAt: blocked ? () => 'now()' : null },
    );
    return (result.affected ?? 0) > 0;
  }

  async countActiveMembers(tx: EntityManager, groupId: string): Promise<number> {
    return tx.count(GroupMemberEntity, { where: { groupId, state: 'active' } });
  }

  // --- app level ---

  async listAllGroups(
    offset: number,
    limit: number,
  ): Promise<{ rows: AdminGroupRow[]; total: number }> {
    const rows: AdminGroupRow[] = await this.dataSource.query(
      `SELECT g.id, g.name, g.owner_id AS "ownerId", g.status, g.created_at AS "createdAt",
              (SELECT count(*)::int FROM group_members c WHERE c.group_id = g.id AND c.state = 'active') AS "memberCount"
         FROM groups g ORDER BY g.created_at, g.id OFFSET $1 LIMIT $2`,
      [offset, limit],
    );
    const count: { total: number }[] = await this.dataSource.query(
      'SELECT count(*)::int AS total FROM groups',
    );
    return { rows, total: count[0].total };
  }

  async pageActiveMemberIds(
    groupId: string,
    offset: number,
    limit: number,
  ): Promise<{ ids: string[]; total: number }> {
    const rows: { userId: string }[] = await this.dataSource.query(
      `SELECT m.user_id AS "userId" FROM group_members m
        WHERE m.group_id = $1 AND m.state = 'active'
        ORDER BY ${ROLE_ORDER}, m.joined_at, m.user_id OFFSET $2 LIMIT $3`,
      [groupId, offset, limit],
    );
    const count: { total: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM group_members WHERE group_id = $1 AND state = 'active'`,
      [groupId],
    );
    return { ids: rows.map((row) => row.userId), total: count[0].total };
  }

  // --- merge requests ---

  /** A pending request between the two groups, in either direction. */
  async pendingMergeBetween(tx: EntityManager, a: string, b: string): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `SELECT 1 FROM group_merge_requests
        WHERE state = 'pending'
          AND ((source_group_id = $1 AND target_group_id = $2) OR (source_group_id = $2 AND target_group_id = $1))
        LIMIT 1`,
      [a, b],
    );
    return rows.length > 0;
  }

  async insertMergeRequest(
    tx: EntityManager,
    request: { sourceGroupId: string; targetGroupId: string; requesterId: string },
  ): Promise<string> {
    const inserted = await tx.insert(GroupMergeRequestEntity, request);
    return (inserted.identifiers[0] as { id: string }).id;
  }

  async findMergeRequest(
    id: string,
    tx?: EntityManager,
    lock = false,
  ): Promise<MergeRequestRow | null> {
    const rows: MergeRequestRow[] = await this.manager(tx).query(
      `SELECT ${MERGE_REQUEST_COLUMNS}
         FROM group_merge_requests r
         JOIN groups s ON s.id = r.source_group_id JOIN groups t ON t.id = r.target_group_id
        WHERE r.id = $1 ${lock ? 'FOR UPDATE OF r' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Requests into groups the user owns and requests he sent, newest first. */
  async listMergeRequests(
    userId: string,
    state: MergeRequestState | undefined,
    offset: number,
    limit: number,
  ): Promise<{ rows: MergeRequestRow[]; total: number }> {
    const from = `FROM group_merge_requests r
      JOIN groups s ON s.id = r.source_group_id JOIN groups t ON t.id = r.target_group_id
     WHERE (t.owner_id = $1 OR r.requester_id = $1) AND ($2::text IS NULL OR r.state = $2)`;
    const rows: MergeRequestRow[] = await this.dataSource.query(
      `SELECT ${MERGE_REQUEST_COLUMNS} ${from} ORDER BY r.created_at DESC, r.id OFFSET $3 LIMIT $4`,
      [userId, state ?? null, offset, limit],
    );
    const count: { total: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS total ${from}`,
      [userId, state ?? null],
    );
    return { rows, total: count[0].total };
  }

  async decideMergeRequest(
    tx: EntityManager,
    id: string,
    state: Exclude<MergeRequestState, 'pending'>,
    deciderId: string,
  ): Promise<void> {
    await tx.update(
      GroupMergeRequestEntity,
      { id },
      { state, decidedById: deciderId, decidedAt: () => 'now()' },
    );
  }

  /** The users' current roles (and blocks) in these groups (event delivery, batched). */
  async placesOf(
    userIds: readonly string[],
    groupIds: readonly string[],
  ): Promise<{ userId: string; groupId: string; role: GroupRole; blocked: boolean }[]> {
    if (userIds.length === 0 || groupIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT user_id AS "userId", group_id AS "groupId", role, (blocked_at IS NOT NULL) AS blocked
         FROM group_members
        WHERE user_id = ANY($1::uuid[]) AND group_id = ANY($2::uuid[]) AND state = 'active'`,
      [[...new Set(userIds)], [...new Set(groupIds)]],
    );
  }
}
