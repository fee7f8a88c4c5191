/**
 * Domain events between modules (in-process, @nestjs/event-emitter). Emitters await
 * `eventEmitter.emitAsync(name, payload)` after their own write has committed, so listeners
 * (the message module's system messages and conversation mirror) run before the request answers
 * and a failing listener fails the request instead of being lost silently.
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

export interface FriendRequestCreatedEvent {
  requestId: string;
  fromUserId: string;
  toUserId: string;
  message: string | null;
  /** True when the receiver has blocked the sender: the request must never reach him. */
  silenced: boolean;
}

export interface FriendRequestAcceptedEvent {
  requestId: string;
  fromUserId: string;
  toUserId: string;
}

export interface FriendshipRemovedEvent {
  userId: string;
  friendId: string;
}

export interface UserBlockEvent {
  blockerId: string;
  blockedId: string;
}

export interface GroupCreatedEvent {
  groupId: string;
  name: string;
  actorId: string;
  /** Every member, the owner included. */
  memberIds: string[];
}

export interface GroupRenamedEvent {
  groupId: string;
  actorId: string;
  oldName: string;
  newName: string;
}

export interface GroupMembersAddedEvent {
  groupId: string;
  actorId: string;
  userIds: string[];
}

export interface GroupMemberRemovedEvent {
  groupId: string;
  actorId: string;
  userId: string;
}

export interface GroupMemberLeftEvent {
  groupId: string;
  userId: string;
}

export interface GroupMemberRoleChangedEvent {
  groupId: string;
  actorId: string;
  userId: string;
  role: 'manager' | 'member';
}

export interface GroupOwnershipTransferredEvent {
  groupId: string;
  fromUserId: string;
  toUserId: string;
}

export interface GroupStateEvent {
  groupId: string;
  actorId: string;
}

/** A member hides and mutes a group for himself (or undoes it). */
export interface GroupBlockEvent {
  groupId: string;
  userId: string;
}

export interface GroupsMergedEvent {
  sourceGroupId: string;
  targetGroupId: string;
  actorId: string;
  /** Source members who joined the target (those already there are not listed). */
  addedUserIds: string[];
}

export interface GroupAnnouncementUpdatedEvent {
  groupId: string;
  actorId: string;
  announcement: string;
}
