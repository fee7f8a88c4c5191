import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { ConflictError, ForbiddenError, NotFoundError } from '../common/errors/domain-error';
import {
  DomainEvents,
  GroupMemberRemovedEvent,
  GroupMemberRoleChangedEvent,
  GroupMembersAddedEvent,
} from '../common/events/domain-events';
import { label } from '../common/i18n/label';
import { PageQueryDto, Paginated } from '../common/pagination/pagination';
import { ContactService } from '../contact/contact.service';
import { GroupDto, GroupMemberDto, GroupMemberIdsDto } from './dto/group.dto';
import { GroupMemberEntity } from './entities/group-member.entity';
import { requireActiveGroup, requireRole } from './group-access';
import './group.messages';
import { GroupEvents, people } from './group-events';
import { personRef } from '../events/event-view';
import { GroupRepository } from './group.repository';
import { GroupService } from './group.service';

/** Memberships: member lists, adding and removing members, roles. */
@Injectable()
export class GroupMembersService {
  constructor(
    private readonly repo: GroupRepository,
    private readonly groups: GroupService,
    private readonly contacts: ContactService,
    private readonly events: EventEmitter2,
    private readonly groupEvents: GroupEvents,
  ) {}

  /**
   * Current members for everyone; the owner also sees former members, with `is_removed` and
   * `status` (fields absent for everyone else).
   */
  async listMembers(
    userId: string,
    groupId: string,
    query: PageQueryDto,
  ): Promise<Paginated<GroupMemberDto>> {
    const membership = await this.groups.requireMembership(userId, groupId);
    const isOwner = membership.role === 'owner';
    const { rows, total } = await this.repo.listMembers(
      groupId,
      isOwner,
      query.offset,
      query.per_page,
    );
    const people = await this.contacts.describePeople(
      userId,
      rows.map((row) => row.userId),
    );
    const members = rows.flatMap((row) => {
      const person = people.get(row.userId);
      return person ? [this.toMemberDto(person, row, isOwner)] : [];
    });
    return Paginated.of(members, query, total);
  }

  /** `manager_ids` (owner first, then managers) and `participant_ids` (every current member). */
  async memberIds(userId: string, groupId: string): Promise<GroupMemberIdsDto> {
    await this.groups.requireMembership(userId, groupId);
    const rows = await this.repo.activeMemberRoles(groupId);
    return {
      manager_ids: rows.filter((row) => row.role !== 'member').map((row) => row.userId),
      participant_ids: rows.map((row) => row.userId),
    };
  }

  /** Owner and managers add users; former members (left or removed) may be added back. */
  async addMembers(userId: string, groupId: string, userIds: readonly string[]): Promise<GroupDto> {
    const membership = await this.groups.requireMembership(userId, groupId);
    requireRole(membership, ['owner', 'manager']);
    requireActiveGroup(membership);
    await this.groups.checkAddable(userId, userIds, 'user_ids');
    await this.repo.transaction(async (tx) => {
      const locked = await this.groups.lockedMembership(tx, userId, groupId);
      requireRole(locked, ['owner', 'manager']);
      requireActiveGroup(locked);
      const current = new Set(await this.repo.activeMemberIds(groupId, tx));
      const already = userIds.filter((id) => current.has(id));
      if (already.length > 0) {
        throw new ConflictError('already_member', { ids: already.join(', ') }, { ids: already });
      }
      const added = await this.repo.addMembers(tx, groupId, userIds);
      await this.events.emitAsync(DomainEvents.groupMembersAdded, {
        tx,
        groupId,
        actorId: userId,
        userIds: added,
      } satisfies GroupMembersAddedEvent);
      await this.groupEvents.members(tx, 'group.member_added', groupId, {
        actor_id: userId,
        actor: personRef(userId),
        ...people(added),
      });
    });
    return this.groups.getGroup(userId, groupId);
  }

  /**
   * The owner removes anyone but himself (409 `owner_must_transfer` for himself); managers
   * remove plain members. A group may shrink below three this way (docs/groups.md).
   */
  async removeMember(userId: string, groupId: string, memberId: string): Promise<void> {
    await this.repo.transaction(async (tx) => {
      const membership = await this.groups.lockedMembership(tx, userId, groupId);
      requireRole(membership, ['owner', 'manager']);
      const target = await this.requireCurrentMember(tx, groupId, memberId);
      if (target.role === 'owner') {
        if (memberId === userId) throw new ConflictError('owner_must_transfer');
        throw new ForbiddenError('forbidden');
      }
      if (membership.role === 'manager' && target.role !== 'member') {
        throw new ForbiddenError('forbidden');
      }
      requireActiveGroup(membership);
      await this.repo.endMembership(tx, groupId, memberId, 'removed');
      await this.events.emitAsync(DomainEvents.groupMemberRemoved, {
        tx,
        groupId,
        actorId: userId,
        userId: memberId,
      } satisfies GroupMemberRemovedEvent);
      await this.groupEvents.members(
        tx,
        'group.member_removed',
        groupId,
        {
          actor_id: userId,
          actor: personRef(userId),
          user_id: memberId,
          user: personRef(memberId),
        },
        [memberId],
      );
    });
  }

  /** The owner makes a member a manager or a manager a plain member. */
  async setRole(
    userId: string,
    groupId: string,
    memberId: string,
    role: 'manager' | 'member',
  ): Promise<GroupMemberDto> {
    await this.repo.transaction(async (tx) => {
      const membership = await this.groups.lockedMembership(tx, userId, groupId);
      requireRole(membership, ['owner']);
      const target = await this.requireCurrentMember(tx, groupId, memberId);
      if (target.role === 'owner') throw new ConflictError('owner_must_transfer');
      requireActiveGroup(membership);
      if (target.role === role) return;
      await this.repo.setRole(tx, groupId, memberId, role);
      await this.events.emitAsync(DomainEvents.groupMemberRoleChanged, {
        tx,
        groupId,
        actorId: userId,
        userId: memberId,
        role,
      } satisfies GroupMemberRoleChangedEvent);
      await this.groupEvents.members(tx, 'group.member_updated', groupId, {
        actor_id: userId,
        actor: personRef(userId),
        user_id: memberId,
        user: personRef(memberId),
        role,
      });
    });
    const row = await this.repo.findMember(groupId, memberId);
    const person = (await this.contacts.describePeople(userId, [memberId])).get(memberId);
    if (!row || !person) throw new NotFoundError('member');
    return this.toMemberDto(person, row, true);
  }

  private async requireCurrentMember(
    tx: Parameters<GroupRepository['findMember']>[2],
    groupId: string,
    memberId: string,
  ): Promise<GroupMemberEntity> {
    const target = await this.repo.findMember(groupId, memberId, tx);
    if (target?.state !== 'active') throw new NotFoundError('member');
    return target;
  }

  private toMemberDto(
    person: Omit<GroupMemberDto, 'role' | 'joined_at' | 'joined_at_string'>,
    row: Pick<GroupMemberEntity, 'role' | 'state' | 'blockedAt' | 'joinedAt'>,
    ownerView: boolean,
  ): GroupMemberDto {
    const member = { ...person, role: row.role, joined_at: row.joinedAt } as GroupMemberDto;
    if (ownerView) {
      member.is_removed = row.state === 'removed';
      member.status = row.state !== 'active' ? 'left' : row.blockedAt ? 'blocked' : 'active';
      member.status_string = label('group_member.status.', member.status);
    }
    return member;
  }
}
