import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventAudience, EventDraft, StoredEventType } from '../events/event-catalogue';
import { EventLogService } from '../events/event-log.service';
import { personRef } from '../events/event-view';
import { groupFields } from './group-access';
import { GroupRepository } from './group.repository';

/** What a group event says beyond the group itself. */
type Extra = Record<string, unknown>;

/**
 * The group module's events, written in the transaction of each change, after the message
 * module's copy and system message (so a group event falls after that message for its readers).
 * `data` carries the group as `GET groups/{id}` shows it; each reader's `my_role` and `blocked`
 * are put in at delivery.
 */
@Injectable()
export class GroupEvents {
  constructor(
    private readonly repo: GroupRepository,
    private readonly eventLog: EventLogService,
  ) {}

  /** The group itself is the data (`group.created`, `group.updated`, ...). */
  async group(
    tx: EntityManager,
    type: StoredEventType,
    groupId: string,
    audience: EventAudience = { groupId },
  ): Promise<void> {
    await this.eventLog.append(tx, [{ type, audience, data: await this.storedGroup(tx, groupId) }]);
  }

  /**
   * A change about members: `{group_id, group, ...extra}` to the group's members, and the same
   * to `alsoTo` (a departing member, who is no longer in the group's audience).
   */
  async members(
    tx: EntityManager,
    type: StoredEventType,
    groupId: string,
    extra: Extra,
    alsoTo: readonly string[] = [],
  ): Promise<void> {
    const data = { group_id: groupId, group: await this.storedGroup(tx, groupId), ...extra };
    const drafts: EventDraft[] = [{ type, audience: { groupId }, data }];
    if (alsoTo.length > 0) drafts.push({ type, audience: { userIds: alsoTo }, data });
    await this.eventLog.append(tx, drafts);
  }

  private async storedGroup(tx: EntityManager, groupId: string): Promise<Record<string, unknown>> {
    const view = await this.repo.groupViewForEvent(groupId, tx);
    if (!view) throw new Error(`Group ${groupId} has no owner row`);
    return groupFields(view, personRef(view.ownerId));
  }
}

/** People of a member event, as references resolved per reader. */
export function people(ids: readonly string[]): { user_ids: string[]; users: unknown[] } {
  return { user_ids: [...ids], users: ids.map((id) => personRef(id)) };
}
