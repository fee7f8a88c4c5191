import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnprocessableReferenceError,
  ValidationFailedError,
} from '../common/errors/domain-error';
import { DomainEvents, GroupsMergedEvent } from '../common/events/domain-events';
import { label } from '../common/i18n/label';
import { Paginated } from '../common/pagination/pagination';
import { ContactService } from '../contact/contact.service';
import { GroupMergeRequestDto, GroupMergeRequestQueryDto } from './dto/group-merge-request.dto';
import { requireActiveGroup, requireRole } from './group-access';
import './group.messages';
import { GroupEvents, people } from './group-events';
import { personRef } from '../events/event-view';
import { GroupRepository, MergeRequestRow } from './group.repository';
import { GroupService } from './group.service';

/** Postgres unique_violation: the pending-pair index refused a second pending request. */
const UNIQUE_VIOLATION = '23505';

/**
 * Merge requests: a group's owner asks to merge his group (the source) into another (the
 * target); the target's owner accepts or rejects; the asker may withdraw while it is pending.
 */
@Injectable()
export class GroupMergeService {
  constructor(
    private readonly repo: GroupRepository,
    private readonly groups: GroupService,
    private readonly contacts: ContactService,
    private readonly events: EventEmitter2,
    private readonly groupEvents: GroupEvents,
  ) {}

  async create(
    userId: string,
    sourceGroupId: string,
    targetGroupId: string,
  ): Promise<GroupMergeRequestDto> {
    if (targetGroupId === sourceGroupId) {
      throw ValidationFailedError.field('target_group_id', 'same_group');
    }
    const id = await this.repo
      .transaction(async (tx) => {
        // Under the source group's lock: an ownership transfer cannot slip in between.
        const membership = await this.groups.lockedMembership(tx, userId, sourceGroupId);
        requireRole(membership, ['owner']);
        requireActiveGroup(membership);
        const target = await this.repo.findGroup(targetGroupId, tx);
        if (!target) {
          throw new UnprocessableReferenceError('unknown_reference', 'target_group_id', [
            targetGroupId,
          ]);
        }
        if (target.status !== 'active') {
          throw new UnprocessableReferenceError('not_addable', 'target_group_id', [targetGroupId]);
        }
        if (await this.repo.pendingMergeBetween(tx, sourceGroupId, targetGroupId)) {
          throw new ConflictError('merge_request_pending');
        }
        return this.repo.insertMergeRequest(tx, {
          sourceGroupId,
          targetGroupId,
          requesterId: userId,
        });
      })
      .catch((error: unknown) => {
        if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
          throw new ConflictError('merge_request_pending');
        }
        throw error;
      });
    return this.get(userId, id);
  }

  async list(
    userId: string,
    query: GroupMergeRequestQueryDto,
  ): Promise<Paginated<GroupMergeRequestDto>> {
    const { rows, total } = await this.repo.listMergeRequests(
      userId,
      query.state,
      query.offset,
      query.per_page,
    );
    return Paginated.of(await this.present(userId, rows), query, total);
  }

  /**
   * Accept: in one transaction the source's current members join the target as plain members
   * (those already there keep their roles), the source is dissolved and the request accepted.
   */
  async accept(userId: string, requestId: string): Promise<GroupMergeRequestDto> {
    await this.repo.transaction(async (tx) => {
      const request = await this.decidable(userId, requestId, tx);
      const target = await this.repo.findGroup(request.targetGroupId, tx, true);
      const source = await this.repo.findGroup(request.sourceGroupId, tx, true);
      if (!target || !source) throw new NotFoundError('merge_request');
      // The owner is read again under the lock: the request row named him before it was taken.
      if (target.ownerId !== userId) throw new ForbiddenError('forbidden');
      requireActiveGroup(target);
      requireActiveGroup(source);
      const incoming = await this.repo.activeMemberIds(source.id, tx);
      const addedUserIds = await this.repo.addMembers(tx, target.id, incoming);
      await this.repo.updateGroup(tx, target.id, {});
      await this.repo.updateGroup(tx, source.id, {
        status: 'dissolved',
        dissolvedAt: new Date(),
      });
      await this.repo.decideMergeRequest(tx, requestId, 'accepted', userId);
      await this.events.emitAsync(DomainEvents.groupsMerged, {
        tx,
        sourceGroupId: source.id,
        targetGroupId: target.id,
        actorId: userId,
        addedUserIds,
      } satisfies GroupsMergedEvent);
      await this.groupEvents.members(tx, 'group.merged', target.id, {
        source_group_id: source.id,
        source_group_name: source.name,
        actor_id: userId,
        actor: personRef(userId),
        ...people(addedUserIds),
      });
      await this.groupEvents.group(tx, 'group.dissolved', source.id);
    });
    return this.get(userId, requestId);
  }

  async reject(userId: string, requestId: string): Promise<GroupMergeRequestDto> {
    await this.repo.transaction(async (tx) => {
      await this.decidable(userId, requestId, tx);
      await this.repo.decideMergeRequest(tx, requestId, 'rejected', userId);
    });
    return this.get(userId, requestId);
  }

  async withdraw(userId: string, requestId: string): Promise<GroupMergeRequestDto> {
    await this.repo.transaction(async (tx) => {
      const request = await this.visible(userId, requestId, tx);
      if (request.requesterId !== userId) throw new ForbiddenError('forbidden');
      if (request.state !== 'pending') throw new ConflictError('merge_request_not_pending');
      await this.repo.decideMergeRequest(tx, requestId, 'withdrawn', userId);
    });
    return this.get(userId, requestId);
  }

  private async get(userId: string, requestId: string): Promise<GroupMergeRequestDto> {
    const request = await this.visible(userId, requestId);
    return (await this.present(userId, [request]))[0];
  }

  /** The request locked, for the target's current owner while it is pending. */
  private async decidable(
    userId: string,
    requestId: string,
    tx: Parameters<GroupRepository['findMergeRequest']>[1],
  ): Promise<MergeRequestRow> {
    const request = await this.visible(userId, requestId, tx);
    if (request.targetOwnerId !== userId) throw new ForbiddenError('forbidden');
    if (request.state !== 'pending') throw new ConflictError('merge_request_not_pending');
    return request;
  }

  /** 404 unless the caller sent the request or owns its target group. */
  private async visible(
    userId: string,
    requestId: string,
    tx?: Parameters<GroupRepository['findMergeRequest']>[1],
  ): Promise<MergeRequestRow> {
    const request = await this.repo.findMergeRequest(requestId, tx, tx !== undefined);
    if (!request || (request.requesterId !== userId && request.targetOwnerId !== userId)) {
      throw new NotFoundError('merge_request');
    }
    return request;
  }

  private async present(
    viewerId: string,
    rows: readonly MergeRequestRow[],
  ): Promise<GroupMergeRequestDto[]> {
    const people = await this.contacts.describePeople(viewerId, [
      ...new Set(rows.map((row) => row.requesterId)),
    ]);
    return rows.map((row) => {
      const requester = people.get(row.requesterId);
      if (!requester) throw new Error(`Requester ${row.requesterId} has no profile`);
      return {
        id: row.id,
        source_group: { id: row.sourceGroupId, name: row.sourceGroupName },
        target_group: { id: row.targetGroupId, name: row.targetGroupName },
        requester,
        direction: row.targetOwnerId === viewerId ? 'incoming' : 'outgoing',
        state: row.state,
        state_string: label('group_merge_request.state.', row.state),
        decided_at: row.decidedAt,
        created_at: row.createdAt,
      } as GroupMergeRequestDto;
    });
  }
}
