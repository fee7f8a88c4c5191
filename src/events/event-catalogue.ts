import { Scope } from '../common/http/request-principal';

/**
 * Every event type a client can receive, and the scope whose REST routes serve its resource: a
 * token receives only the types its scopes allow.
 */
export const EVENT_SCOPES = {
  'message.created': 'party_message',
  'message.read': 'party_message',
  'message.delivered': 'party_message',
  'conversation.read': 'party_message',
  'contact_list.updated': 'party_contact',
  'friend_request.created': 'party_contact',
  'friend_request.accepted': 'party_contact',
  'friend_request.rejected': 'party_contact',
  'friend_request.withdrawn': 'party_contact',
  'friendship.created': 'party_contact',
  'friendship.updated': 'party_contact',
  'friendship.removed': 'party_contact',
  'block.created': 'party_contact',
  'block.removed': 'party_contact',
  'group.created': 'party_group',
  'group.updated': 'party_group',
  'group.dissolved': 'party_group',
  'group.restored': 'party_group',
  'group.merged': 'party_group',
  'group.member_added': 'party_group',
  'group.member_removed': 'party_group',
  'group.member_left': 'party_group',
  'group.member_updated': 'party_group',
  'group.owner_changed': 'party_group',
  'group.announcement_updated': 'party_group',
  'group.notice_created': 'party_group',
  'group.notice_deleted': 'party_group',
  'group.banner_created': 'party_group',
  'group.banner_deleted': 'party_group',
  'group.share_file_created': 'party_file',
  'group.share_file_deleted': 'party_file',
  'notification.created': 'party_user',
} as const satisfies Record<string, Scope>;

export type StoredEventType = keyof typeof EVENT_SCOPES;

/** Never stored: relayed to the conversation's other connected members only. */
export const TYPING_EVENT = 'typing';
export const TYPING_SCOPE: Scope = 'party_message';

export const STORED_EVENT_TYPES = Object.keys(EVENT_SCOPES) as StoredEventType[];

/** The stored types a token with these scopes may receive. */
export function typesForScopes(scopes: ReadonlySet<Scope>): StoredEventType[] {
  return STORED_EVENT_TYPES.filter((type) => scopes.has(EVENT_SCOPES[type]));
}

/**
 * Who an event is for: the listed users, or the members of a group conversation whose history
 * window covers `seq` (joined before it, not yet gone) and who have not blocked the group. A
 * group's state change (`groupId`) takes the seq right after the group's last message, so it
 * reaches those who are members when it is written (a departing member is told separately).
 */
export type EventAudience =
  { userIds: readonly string[] } | { conversationId: string; seq: number } | { groupId: string };

export interface EventDraft {
  type: StoredEventType;
  audience: EventAudience;
  /** The resource as the REST API returns it (viewer-dependent fields resolved at delivery). */
  data: object;
}
