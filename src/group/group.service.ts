import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EntityManager } from 'typeorm';
import { UserService } from '../auth/user.service';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnprocessableReferenceError,
  ValidationFailedError,
} from '../common/errors/domain-error';
import {
  DomainEvents,
  GroupBlockEvent,
  GroupCreatedEvent,
  GroupMemberLeftEvent,
  GroupOwnershipTransferredEvent,
  GroupRenamedEvent,
  GroupStateEvent,
} from '../common/events/domain-events';
import { PageQueryDto, Paginated } from '../common/pagination/pagination';
import { ContactService } from '../contact/contact.service';
import { CreateGroupDto, GROUP_NAME_MAX, GroupDto } from './dto/group.dto';
import { GroupStatus } from './entities/group.entity';
import { GroupRole } from './entities/group-member.entity';
import { groupFields, requireActiveGroup, requireRole } from './group-access';
import './group.messages';
import { GroupRepository, GroupView } from './group.repository';
import { GroupEvents } from './group-events';
import { personRef } from '../events/event-view';

export interface GroupMembership {
  role: GroupRole;
  groupStatus: GroupStatus;
  groupName: string;
  /** The member has blocked (hidden and muted) the group for himself; he is still a member. */
  blocked: boolean;
}

/** Members whose names make up a group's default name. */
const DEFAULT_NAME_MEMBERS = 3;

/** Groups: what other modules may ask (membership checks), and the rules of a group's life. */
@Injectable()
export class GroupService {
  constructor(
    private readonly repo: GroupRepository,
    private readonly users: UserService,
    private readonly contacts: ContactService,
    private readonly events: EventEmitter2,
    private readonly groupEvents: GroupEvents,
  ) {}

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

  /**
   * Changing a group's content (announcement, notices, banners, shared files): 404 to
   * non-members, 403 `forbidden` to plain members (unless `allowMembers`), 409 `group_dissolved`
   * in a dissolved group.
   */
  async requireContentWriter(
    userId: string,
    groupId: string,
    options: { allowMembers?: boolean } = {},
  ): Promise<GroupMembership> {
    const membership = await this.requireMembership(userId, groupId);
    if (!options.allowMembers && membership.role === 'member') throw new ForbiddenError();
    if (membership.groupStatus === 'dissolved') throw new ConflictError('group_dissolved');
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

  /**
   * 422 `unknown_reference` for ids naming no user, then 422 `not_addable` for users who
   * blocked the actor (the reason is never told).
   */
  async checkAddable(actorId: string, userIds: readonly string[], field: string): Promise<void> {
    const missing = await this.users.missingIds(userIds);
    if (missing.length > 0)
      throw new UnprocessableReferenceError('unknown_reference', field, missing);
    const blockers = await this.contacts.usersWhoBlocked(actorId, userIds);
    const refused = userIds.filter((id) => blockers.has(id));
    if (refused.length > 0) throw new UnprocessableReferenceError('not_addable', field, refused);
  }

  async create(userId: string, dto: CreateGroupDto): Promise<GroupDto> {
    if (dto.user_ids.includes(userId)) {
      throw ValidationFailedError.field('user_ids', 'includes_self');
    }
    await this.checkAddable(userId, dto.user_ids, 'user_ids');
    const name = dto.name ?? (await this.defaultName([userId, ...dto.user_ids]));
    const groupId = await this.repo.transaction(async (tx) => {
      const id = await this.repo.insertGroup(tx, { name, ownerId: userId }, dto.user_ids);
      await this.events.emitAsync(DomainEvents.groupCreated, {
        tx,
        groupId: id,
        name,
        actorId: userId,
        memberIds: [userId, ...dto.user_ids],
      } satisfies GroupCreatedEvent);
      await this.groupEvents.group(tx, 'group.created', id);
      return id;
    });
    return this.getGroup(userId, groupId);
  }

  async listMyGroups(userId: string, query: PageQueryDto): Promise<Paginated<GroupDto>> {
    const { rows, total } = await this.repo.listMyGroups(userId, query.offset, query.per_page);
    return Paginated.of(await this.present(userId, rows), query, total);
  }

  async getGroup(userId: string, groupId: string): Promise<GroupDto> {
    const view = await this.repo.groupView(userId, groupId);
    if (!view) throw new NotFoundError('group');
    return (await this.present(userId, [view]))[0];
  }

  async rename(userId: string, groupId: string, name: string): Promise<GroupDto> {
    await this.repo.transaction(async (tx) => {
      const membership = await this.lockedMembership(tx, userId, groupId);
      requireRole(membership, ['owner', 'manager']);
      requireActiveGroup(membership);
      if (membership.groupName === name) return;
      await this.repo.updateGroup(tx, groupId, { name });
      await this.events.emitAsync(DomainEvents.groupRenamed, {
        tx,
        groupId,
        actorId: userId,
        oldName: membership.groupName,
        newName: name,
      } satisfies GroupRenamedEvent);
      await this.groupEvents.group(tx, 'group.updated', groupId);
    });
    return this.getGroup(userId, groupId);
  }

  async dissolve(userId: string, groupId: string): Promise<GroupDto> {
    await this.repo.transaction(async (tx) => {
      const membership = await this.lockedMembership(tx, userId, groupId);
      requireRole(membership, ['owner']);
      requireActiveGroup(membership);
      await this.repo.updateGroup(tx, groupId, { status: 'dissolved', dissolvedAt: new Date() });
      await this.events.emitAsync(DomainEvents.groupDissolved, {
        tx,
        groupId,
        actorId: userId,
      } satisfies GroupStateEvent);
      await this.groupEvents.group(tx, 'group.dissolved', groupId);
    });
    return this.getGroup(userId, groupId);
  }

  async restore(userId: string, groupId: string): Promise<GroupDto> {
    await this.repo.transaction(async (tx) => {
      const membership = await this.lockedMembership(tx, userId, groupId);
      requireRole(membership, ['owner']);
      if (membership.groupStatus !== 'dissolved') throw new ConflictError('group_not_dissolved');
      await this.repo.updateGroup(tx, groupId, { status: 'active', dissolvedAt: null });
      await this.events.emitAsync(DomainEvents.groupRestored, {
        tx,
        groupId,
        actorId: userId,
      } satisfies GroupStateEvent);
      await this.groupEvents.group(tx, 'group.restored', groupId);
    });
    return this.getGroup(userId, groupId);
  }

  /** Blocks (hides and mutes) the group for the caller, or undoes it; a repeat changes nothing. */
  async setBlocked(userId: string, groupId: string, blocked: boolean): Promise<GroupDto> {
    await this.requireMembership(userId, groupId);
    await this.repo.transaction(async (tx) => {
      if (!(await this.repo.setBlocked(tx, groupId, userId, blocked))) return;
      await this.events.emitAsync(
        blocked ? DomainEvents.groupBlocked : DomainEvents.groupUnblocked,
        { tx, groupId, userId } satisfies GroupBlockEvent,
      );
      // Only he sees the change: the group is hidden and muted for him alone.
      await this.groupEvents.group(tx, 'group.updated', groupId, { userIds: [userId] });
    });
    return this.getGroup(userId, groupId);
  }

  /**
   * The caller leaves. An owner must transfer the ownership first (409 `owner_must_transfer`)
   * unless he is the last member: then the group is dissolved as he leaves.
   */
  async leave(userId: string, groupId: string): Promise<void> {
    await this.repo.transaction(async (tx) => {
      const membership = await this.lockedMembership(tx, userId, groupId);
      requireActiveGroup(membership);
      const last = membership.role === 'owner';
      if (last && (await this.repo.countActiveMembers(tx, groupId)) > 1) {
        throw new ConflictError('owner_must_transfer');
      }
      await this.repo.endMembership(tx, groupId, userId, 'left');
      if (last) {
        await this.repo.updateGroup(tx, groupId, { status: 'dissolved', dissolvedAt: new Date() });
      }
      await this.events.emitAsync(DomainEvents.groupMemberLeft, {
        tx,
        groupId,
        userId,
      } satisfies GroupMemberLeftEvent);
      await this.groupEvents.members(
        tx,
        'group.member_left',
        groupId,
        { user_id: userId, user: personRef(userId) },
        [userId],
      );
      if (last) {
        await this.events.emitAsync(DomainEvents.groupDissolved, {
          tx,
          groupId,
          actorId: userId,
        } satisfies GroupStateEvent);
        await this.groupEvents.group(tx, 'group.dissolved', groupId);
      }
    });
  }

  /** The owner hands the group to a current member and becomes a manager. */
  async transfer(userId: string, groupId: string, toUserId: string): Promise<GroupDto> {
    if (toUserId === userId) throw ValidationFailedError.field('user_id', 'includes_self');
    if ((await this.users.missingIds([toUserId])).length > 0) {
      throw new UnprocessableReferenceError('unknown_reference', 'user_id', [toUserId]);
    }
    await this.repo.transaction(async (tx) => {
      const membership = await this.lockedMembership(tx, userId, groupId);
      requireRole(membership, ['owner']);
      requireActiveGroup(membership);
      const target = await this.repo.findMember(groupId, toUserId, tx);
      if (target?.state !== 'active') {
        throw new UnprocessableReferenceError('not_addable', 'user_id', [toUserId]);
      }
      await this.repo.setRole(tx, groupId, userId, 'manager');
      await this.repo.setRole(tx, groupId, toUserId, 'owner');
      await this.repo.updateGroup(tx, groupId, { ownerId: toUserId });
      await this.events.emitAsync(DomainEvents.groupOwnershipTransferred, {
        tx,
        groupId,
        fromUserId: userId,
        toUserId,
      } satisfies GroupOwnershipTransferredEvent);
      await this.groupEvents.members(tx, 'group.owner_changed', groupId, {
        from_user_id: userId,
        from_user: personRef(userId),
        to_user_id: toUserId,
        to_user: personRef(toUserId),
      });
    });
    return this.getGroup(userId, groupId);
  }

  /** Group objects for one viewer (owner names as he calls them). */
  async present(viewerId: string, views: readonly GroupView[]): Promise<GroupDto[]> {
    const owners = await this.contacts.describePeople(viewerId, [
      ...new Set(views.map((view) => view.ownerId)),
    ]);
    return views.map((view) => {
      const owner = owners.get(view.ownerId);
      if (!owner) throw new Error(`Owner ${view.ownerId} of group ${view.id} has no profile`);
      return groupFields(view, owner) as GroupDto;
    });
  }

  /** Membership with the group row locked, inside a transaction; 404 when not a member. */
  async lockedMembership(
    tx: EntityManager,
    userId: string,
    groupId: string,
  ): Promise<GroupMembership> {
    const membership = await this.repo.findMembership(userId, groupId, tx, true);
    if (!membership) throw new NotFoundError('group');
    return membership;
  }

  /** "Alice、Bob、Carol": the first members' own nicknames (not the creator's remarks). */
  private async defaultName(memberIds: readonly string[]): Promise<string> {
    const first = memberIds.slice(0, DEFAULT_NAME_MEMBERS);
    const profiles = await this.users.profilesByIds(first);
    const names = first.map((id) => {
      const profile = profiles.get(id);
      return profile ? profile.nickname || profile.username : '';
    });
    const joined = names.filter((name) => name !== '').join('、');
    const codePoints = [...joined];
    return codePoints.length <= GROUP_NAME_MAX
      ? joined
      : `${codePoints.slice(0, GROUP_NAME_MAX - 1).join('')}…`;
  }

  /** user → group → his role and block, for the current members among `userIds` (batched). */
  async placesOf(
    userIds: readonly string[],
    groupIds: readonly string[],
  ): Promise<Map<string, Map<string, { role: GroupRole; blocked: boolean }>>> {
    const out = new Map<string, Map<string, { role: GroupRole; blocked: boolean }>>();
    for (const row of await this.repo.placesOf(userIds, groupIds)) {
      const places =
        out.get(row.userId) ?? new Map<string, { role: GroupRole; blocked: boolean }>();
      places.set(row.groupId, { role: row.role, blocked: row.blocked });
      out.set(row.userId, places);
    }
    return out;
  }
}
