import { EventDraft, StoredEventType } from '../events/event-catalogue';
import { PersonRef, personRef } from '../events/event-view';

/** The realtime events of group content (announcement, notices, banners, shared files). */
export type GroupContentEventType = Extract<
  StoredEventType,
  | 'group.announcement_updated'
  | 'group.notice_created'
  | 'group.notice_deleted'
  | 'group.banner_created'
  | 'group.banner_deleted'
  | 'group.share_file_created'
  | 'group.share_file_deleted'
>;

/**
 * A group content event for the group's current members (`{ groupId }`: those whose history
 * window covers the point right after the group's last message and who have not blocked it).
 */
export function groupContentEvent(
  type: GroupContentEventType,
  groupId: string,
  data: object,
): EventDraft {
  return { type, audience: { groupId }, data };
}

/** A `*_deleted` event: its data is `{id, group_id}`. */
export function deletedEvent(
  type: Extract<GroupContentEventType, `${string}_deleted`>,
  groupId: string,
  id: string,
): EventDraft {
  return groupContentEvent(type, groupId, { id, group_id: groupId });
}

/** A new notice's or banner's event: its `view`, the creator as a person reference. */
export function createdEvent<R extends { groupId: string; creatorId: string }>(
  type: 'group.notice_created' | 'group.banner_created',
  row: R,
  view: (row: R, creator: PersonRef) => object,
): EventDraft {
  return groupContentEvent(type, row.groupId, view(row, personRef(row.creatorId)));
}
