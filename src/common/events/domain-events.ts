import { OnEvent } from '@nestjs/event-emitter';
import type { EntityManager } from 'typeorm';

/**
 * Domain events between modules (in-process, @nestjs/event-emitter). Emitters await
 * `eventEmitter.emitAsync(name, { ...payload, tx })` INSIDE the transaction that writes the fact,
 * handing that transaction's `EntityManager` as `tx`; listeners (the message module's
 * conversation mirror and system messages) write their copies through `event.tx` only, so the
 * fact and every copy of it commit together or not at all (DESIGN.md §6, "One truth per fact").
 * A failing listener rolls the whole transaction back and fails the request. A listener never
 * opens a transaction of its own nor queries outside `tx`: the embedded database serves one
 * connection, so a query outside the open transaction would wait forever.
 *
 * Listen with `@OnDomainEvent(DomainEvents.x)`, never a bare `@OnEvent`: by default
 * @nestjs/event-emitter logs and swallows a listener's error, and the emitter's transaction,
 * aborted by the failed statement, would then "commit" as a silent rollback under a 2xx answer.
 */
export const DomainEvents = {
  friendRequestCreated: 'contact.friend_request.created',
  friendRequestAccepted: 'contact.friend_request.accepted',
  friendshipRemoved: 'contact.friendship.removed',
  userBlocked: 'contact.user.blocked',
  userUnblocked: 'contact.user.unblocked',
  groupCreated: 'group.created',
  groupRenamed: 'group.renamed',
  groupMembersAdded: 'group.members_added',
  groupMemberRemoved: 'group.member_removed',
  groupMemberLeft: 'group.member_left',
  groupMemberRoleChanged: 'group.member_role_changed',
  groupOwnershipTransferred: 'group.ownership_transferred',
  groupDissolved: 'group.dissolved',
  groupRestored: 'group.restored',
  groupBlocked: 'group.blocked',
  groupUnblocked: 'group.unblocked',
  groupsMerged: 'group.merged',
  groupAnnouncementUpdated: 'group.announcement_updated',
} as const;

/** An async listener of a domain event whose error reaches the emitter (and fails its transaction). */
export const OnDomainEvent = (event: (typeof DomainEvents)[keyof typeof DomainEvents]) =>
  OnEvent(event, { promisify: true, suppressErrors: false });

/** Every event carries the transaction that wrote its fact: listeners write through it. */
export interface InTransaction {
  tx: EntityManager;
}

export interface FriendRequestCreatedEvent extends InTransaction {
  requestId: string;
  fromUserId: string;
  toUserId: string;
  message: string | null;
  /** True when the receiver has blocked the sender: the request must never reach him. */
  silenced: boolean;
}

export interface FriendRequestAcceptedEvent extends InTransaction {
  requestId: string;
  fromUserId: string;
  toUserId: string;
}

export interface FriendshipRemovedEvent extends InTransaction {
  userId: string;
  friendId: string;
}

export interface UserBlockEvent extends InTransaction {
  blockerId: string;
  blockedId: string;
}

export interface GroupCreatedEvent extends InTransaction {
  groupId: string;
  name: string;
  actorId: string;
  /** Every member, the owner included. */
  memberIds: string[];
}

export interface GroupRenamedEvent extends InTransaction {
  groupId: string;
  actorId: string;
  oldName: string;
  newName: string;
}

export interface GroupMembersAddedEvent extends InTransaction {
  groupId: string;
  actorId: string;
  userIds: string[];
}

export interface GroupMemberRemovedEvent extends InTransaction {
  groupId: string;
  actorId: string;
  userId: string;
}

export interface GroupMemberLeftEvent extends InTransaction {
  groupId: string;
  userId: string;
}

export interface GroupMemberRoleChangedEvent extends InTransaction {
  groupId: string;
  actorId: string;
  userId: string;
  role: 'manager' | 'member';
}

export interface GroupOwnershipTransferredEvent extends InTransaction {
  groupId: string;
  fromUserId: string;
  toUserId: string;
}

export interface GroupStateEvent extends InTransaction {
  groupId: string;
  actorId: string;
}

/** A member hides and mutes a group for himself (or undoes it). */
export interface GroupBlockEvent extends InTransaction {
  groupId: string;
  userId: string;
}

export interface GroupsMergedEvent extends InTransaction {
  sourceGroupId: string;
  targetGroupId: string;
  actorId: string;
  /** Source members who joined the target (those already there are not listed). */
  addedUserIds: string[];
}

export interface GroupAnnouncementUpdatedEvent extends InTransaction {
  groupId: string;
  actorId: string;
  announcement: string;
}
