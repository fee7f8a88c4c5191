import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  DomainEvents,
  FriendRequestAcceptedEvent,
  FriendRequestCreatedEvent,
  FriendshipRemovedEvent,
  GroupAnnouncementUpdatedEvent,
  GroupBlockEvent,
  GroupCreatedEvent,
  GroupMemberLeftEvent,
  GroupMemberRemovedEvent,
  GroupMemberRoleChangedEvent,
  GroupMembersAddedEvent,
  GroupOwnershipTransferredEvent,
  GroupRenamedEvent,
  GroupsMergedEvent,
  GroupStateEvent,
  OnDomainEvent,
} from '../common/events/domain-events';
import { SystemMessageType } from './dto/message.dto';
import { MessageRepository } from './message.repository';
import { MessageService } from './message.service';

/** A system message for a group's conversation. */
interface GroupNotice {
  type: SystemMessageType;
  actorId: string;
  details: Record<string, unknown>;
  content?: string | null;
}

/** What the mirror changes around the notice: `before` it (newcomers see it), `after` it (leavers see it). */
interface GroupMirrorChange {
  /** The group's name when the conversation may be created here. */
  name?: string;
  before?: (conversationId: string) => Promise<void>;
  after?: (conversationId: string) => Promise<void>;
}

/**
 * Keeps conversations and memberships in step with the group and contact modules (through their
 * events, never their tables) and writes the system messages those events call for. Every write
 * goes through the event's `tx`, the emitter's own transaction, so the copy commits with the fact
 * or not at all; nothing here opens a transaction or queries outside it.
 */
@Injectable()
export class ConversationMirrorListener {
  constructor(
    private readonly repository: MessageRepository,
    private readonly messages: MessageService,
  ) {}

  /** Writes `notice` into the group's conversation with the mirror's `change`, then announces it. */
  private async inGroup(
    tx: EntityManager,
    groupId: string,
    notice: GroupNotice,
    change: GroupMirrorChange = {},
  ): Promise<void> {
    const conversationId = await this.repository.ensureGroupConversation(
      tx,
      groupId,
      change.name ?? null,
    );
    await change.before?.(conversationId);
    await this.messages.writeGroupSystemMessage(
      tx,
      conversationId,
      notice.type,
      notice.actorId,
      notice.details,
      notice.content ?? null,
    );
    await change.after?.(conversationId);
  }

  /** Makes the users active members of the conversation (from its start, or from now on). */
  private admit(tx: EntityManager, userIds: readonly string[], fromStart: boolean) {
    return (conversationId: string) =>
      this.repository.admitGroupMembers(tx, conversationId, userIds, fromStart);
  }

  @OnDomainEvent(DomainEvents.groupCreated)
  async onGroupCreated(event: GroupCreatedEvent): Promise<void> {
    await this.inGroup(
      event.tx,
      event.groupId,
      {
        type: 'group_created',
        actorId: event.actorId,
        details: { actor_id: event.actorId, name: event.name, user_ids: event.memberIds },
      },
      { name: event.name, before: this.admit(event.tx, event.memberIds, true) },
    );
  }

  @OnDomainEvent(DomainEvents.groupMembersAdded)
  async onMembersAdded(event: GroupMembersAddedEvent): Promise<void> {
    await this.inGroup(
      event.tx,
      event.groupId,
      {
        type: 'member_added',
        actorId: event.actorId,
        details: { actor_id: event.actorId, user_ids: event.userIds },
      },
      { before: this.admit(event.tx, event.userIds, false) },
    );
  }

  @OnDomainEvent(DomainEvents.groupMemberRemoved)
  async onMemberRemoved(event: GroupMemberRemovedEvent): Promise<void> {
    await this.departure(event, 'member_removed', event.actorId);
  }

  @OnDomainEvent(DomainEvents.groupMemberLeft)
  async onMemberLeft(event: GroupMemberLeftEvent): Promise<void> {
    await this.departure(event, 'member_left', event.userId);
  }

  /** A member went: the notice first, then he leaves the conversation (so he still sees it). */
  private async departure(
    event: GroupMemberLeftEvent,
    type: SystemMessageType,
    actorId: string,
  ): Promise<void> {
    await this.inGroup(
      event.tx,
      event.groupId,
      { type, actorId, details: { actor_id: actorId, user_id: event.userId } },
      {
        after: (conversationId) =>
          this.repository.dismissGroupMember(event.tx, conversationId, event.userId),
      },
    );
  }

  @OnDomainEvent(DomainEvents.groupRenamed)
  async onRenamed(event: GroupRenamedEvent): Promise<void> {
    await this.inGroup(
      event.tx,
      event.groupId,
      {
        type: 'group_renamed',
        actorId: event.actorId,
        details: { actor_id: event.actorId, old_name: event.oldName, new_name: event.newName },
      },
      { before: () => this.repository.renameGroup(event.tx, event.groupId, event.newName) },
    );
  }

  @OnDomainEvent(DomainEvents.groupMemberRoleChanged)
  async onRoleChanged(event: GroupMemberRoleChangedEvent): Promise<void> {
    await this.inGroup(event.tx, event.groupId, {
      type: 'member_role_changed',
      actorId: event.actorId,
      details: { actor_id: event.actorId, user_id: event.userId, role: event.role },
    });
  }

  @OnDomainEvent(DomainEvents.groupOwnershipTransferred)
  async onOwnershipTransferred(event: GroupOwnershipTransferredEvent): Promise<void> {
    await this.inGroup(event.tx, event.groupId, {
      type: 'ownership_transferred',
      actorId: event.fromUserId,
      details: {
        actor_id: event.fromUserId,
        from_user_id: event.fromUserId,
        to_user_id: event.toUserId,
      },
    });
  }

  @OnDomainEvent(DomainEvents.groupDissolved)
  async onDissolved(event: GroupStateEvent): Promise<void> {
    await this.setStatus(event, 'dissolved', 'group_dissolved');
  }

  @OnDomainEvent(DomainEvents.groupRestored)
  async onRestored(event: GroupStateEvent): Promise<void> {
    await this.setStatus(event, 'active', 'group_restored');
  }

  private async setStatus(
    event: GroupStateEvent,
    status: string,
    type: SystemMessageType,
  ): Promise<void> {
    await this.inGroup(
      event.tx,
      event.groupId,
      { type, actorId: event.actorId, details: { actor_id: event.actorId } },
      { before: () => this.repository.setGroupStatus(event.tx, event.groupId, status) },
    );
  }

  @OnDomainEvent(DomainEvents.groupBlocked)
  async onBlocked(event: GroupBlockEvent): Promise<void> {
    await this.repository.setMuted(event.tx, event.groupId, event.userId, true);
  }

  @OnDomainEvent(DomainEvents.groupUnblocked)
  async onUnblocked(event: GroupBlockEvent): Promise<void> {
    await this.repository.setMuted(event.tx, event.groupId, event.userId, false);
  }

  @OnDomainEvent(DomainEvents.groupsMerged)
  async onMerged(event: GroupsMergedEvent): Promise<void> {
    const notice: GroupNotice = {
      type: 'groups_merged',
      actorId: event.actorId,
      details: {
        actor_id: event.actorId,
        source_group_id: event.sourceGroupId,
        target_group_id: event.targetGroupId,
        user_ids: event.addedUserIds,
      },
    };
    await this.inGroup(event.tx, event.targetGroupId, notice, {
      before: this.admit(event.tx, event.addedUserIds, false),
    });
    await this.inGroup(event.tx, event.sourceGroupId, notice, {
      after: () => this.repository.setGroupStatus(event.tx, event.sourceGroupId, 'dissolved'),
    });
  }

  @OnDomainEvent(DomainEvents.groupAnnouncementUpdated)
  async onAnnouncementUpdated(event: GroupAnnouncementUpdatedEvent): Promise<void> {
    await this.inGroup(event.tx, event.groupId, {
      type: 'announcement_updated',
      actorId: event.actorId,
      details: { actor_id: event.actorId },
      content: event.announcement,
    });
  }

  @OnDomainEvent(DomainEvents.friendRequestCreated)
  async onFriendRequest(event: FriendRequestCreatedEvent): Promise<void> {
    if (event.silenced) return;
    await this.messages.writeDirectSystemMessage(
      event.tx,
      event.fromUserId,
      event.toUserId,
      'friend_request',
      {
        actor_id: event.fromUserId,
        request_id: event.requestId,
        from_user_id: event.fromUserId,
        to_user_id: event.toUserId,
      },
      event.message,
    );
  }

  @OnDomainEvent(DomainEvents.friendRequestAccepted)
  async onFriendAccepted(event: FriendRequestAcceptedEvent): Promise<void> {
    await this.repository.ensureDirectConversation(event.tx, event.fromUserId, event.toUserId);
    await this.repository.setFriendship(event.tx, event.fromUserId, event.toUserId, true);
    await this.messages.writeDirectSystemMessage(
      event.tx,
      event.toUserId,
      event.fromUserId,
      'friend_accepted',
      {
        actor_id: event.toUserId,
        request_id: event.requestId,
        from_user_id: event.fromUserId,
        to_user_id: event.toUserId,
      },
    );
  }

  @OnDomainEvent(DomainEvents.friendshipRemoved)
  async onFriendshipRemoved(event: FriendshipRemovedEvent): Promise<void> {
    await this.repository.setFriendship(event.tx, event.userId, event.friendId, false);
  }
}
