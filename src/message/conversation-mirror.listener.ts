import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
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
} from '../common/events/domain-events';
import { MessageRepository, MessageRow } from './message.repository';
import { MessageService } from './message.service';

/**
 * Keeps conversations and memberships in step with the group and contact modules (through their
 * events, never their tables) and writes the system messages those events call for.
 */
@Injectable()
export class ConversationMirrorListener {
  constructor(
    private readonly repository: MessageRepository,
    private readonly messages: MessageService,
  ) {}

  /** Runs `work` on the group's conversation in one transaction, then announces what it wrote. */
  private async inGroup(
    groupId: string,
    work: (manager: EntityManager, conversationId: string) => Promise<MessageRow[]>,
    name: string | null = null,
  ): Promise<void> {
    const stored = await this.repository.transaction(async (manager) => {
      const conversationId = await this.repository.ensureGroupConversation(manager, groupId, name);
      return work(manager, conversationId);
    });
    await this.messages.emitStored(stored);
  }

  @OnEvent(DomainEvents.groupCreated, { promisify: true })
  async onGroupCreated(event: GroupCreatedEvent): Promise<void> {
    await this.inGroup(
      event.groupId,
      async (manager, conversationId) => {
        await this.repository.admitGroupMembers(manager, conversationId, event.memberIds, true);
        return [
          await this.messages.writeGroupSystemMessage(
            manager,
            conversationId,
            'group_created',
            event.actorId,
            {
              actor_id: event.actorId,
              name: event.name,
              user_ids: event.memberIds,
            },
          ),
        ];
      },
      event.name,
    );
  }

  @OnEvent(DomainEvents.groupMembersAdded, { promisify: true })
  async onMembersAdded(event: GroupMembersAddedEvent): Promise<void> {
    await this.inGroup(event.groupId, async (manager, conversationId) => {
      await this.repository.admitGroupMembers(manager, conversationId, event.userIds, false);
      return [
        await this.messages.writeGroupSystemMessage(
          manager,
          conversationId,
          'member_added',
          event.actorId,
          {
            actor_id: event.actorId,
            user_ids: event.userIds,
          },
        ),
      ];
    });
  }

  @OnEvent(DomainEvents.groupMemberRemoved, { promisify: true })
  async onMemberRemoved(event: GroupMemberRemovedEvent): Promise<void> {
    await this.inGroup(event.groupId, async (manager, conversationId) => {
      const notice = await this.messages.writeGroupSystemMessage(
        manager,
        conversationId,
        'member_removed',
        event.actorId,
        { actor_id: event.actorId, user_id: event.userId },
      );
      await this.repository.dismissGroupMember(manager, conversationId, event.userId);
      return [notice];
    });
  }

  @OnEvent(DomainEvents.groupMemberLeft, { promisify: true })
  async onMemberLeft(event: GroupMemberLeftEvent): Promise<void> {
    await this.inGroup(event.groupId, async (manager, conversationId) => {
      const notice = await this.messages.writeGroupSystemMessage(
        manager,
        conversationId,
        'member_left',
        event.userId,
        { actor_id: event.userId, user_id: event.userId },
      );
      await this.repository.dismissGroupMember(manager, conversationId, event.userId);
      return [notice];
    });
  }

  @OnEvent(DomainEvents.groupRenamed, { promisify: true })
  async onRenamed(event: GroupRenamedEvent): Promise<void> {
    await this.inGroup(event.groupId, async (manager, conversationId) => {
      await this.repository.renameGroup(manager, event.groupId, event.newName);
      return [
        await this.messages.writeGroupSystemMessage(
          manager,
          conversationId,
          'group_renamed',
          event.actorId,
          {
            actor_id: event.actorId,
            old_name: event.oldName,
            new_name: event.newName,
          },
        ),
      ];
    });
  }

  @OnEvent(DomainEvents.groupMemberRoleChanged, { promisify: true })
  async onRoleChanged(event: GroupMemberRoleChangedEvent): Promise<void> {
    await this.inGroup(event.groupId, async (manager, conversationId) => [
      await this.messages.writeGroupSystemMessage(
        manager,
        conversationId,
        'member_role_changed',
        event.actorId,
        {
          actor_id: event.actorId,
          user_id: event.userId,
          role: event.role,
        },
      ),
    ]);
  }

  @OnEvent(DomainEvents.groupOwnershipTransferred, { promisify: true })
  async onOwnershipTransferred(event: GroupOwnershipTransferredEvent): Promise<void> {
    await this.inGroup(event.groupId, async (manager, conversationId) => [
      await this.messages.writeGroupSystemMessage(
        manager,
        conversationId,
        'ownership_transferred',
        event.fromUserId,
        { actor_id: event.fromUserId, from_user_id: event.fromUserId, to_user_id: event.toUserId },
      ),
    ]);
  }

  @OnEvent(DomainEvents.groupDissolved, { promisify: true })
  async onDissolved(event: GroupStateEvent): Promise<void> {
    await this.setStatus(event, 'dissolved', 'group_dissolved');
  }

  @OnEvent(DomainEvents.groupRestored, { promisify: true })
  async onRestored(event: GroupStateEvent): Promise<void> {
    await this.setStatus(event, 'active', 'group_restored');
  }

  private async setStatus(event: GroupStateEvent, status: string, type: string): Promise<void> {
    await this.inGroup(event.groupId, async (manager, conversationId) => {
      await this.repository.setGroupStatus(manager, event.groupId, status);
      return [
        await this.messages.writeGroupSystemMessage(manager, conversationId, type, event.actorId, {
          actor_id: event.actorId,
        }),
      ];
    });
  }

  @OnEvent(DomainEvents.groupBlocked, { promisify: true })
  async onBlocked(event: GroupBlockEvent): Promise<void> {
    await this.repository.setMuted(event.groupId, event.userId, true);
  }

  @OnEvent(DomainEvents.groupUnblocked, { promisify: true })
  async onUnblocked(event: GroupBlockEvent): Promise<void> {
    await this.repository.setMuted(event.groupId, event.userId, false);
  }

  @OnEvent(DomainEvents.groupsMerged, { promisify: true })
  async onMerged(event: GroupsMergedEvent): Promise<void> {
    const details = {
      actor_id: event.actorId,
      source_group_id: event.sourceGroupId,
      target_group_id: event.targetGroupId,
      user_ids: event.addedUserIds,
    };
    await this.inGroup(event.targetGroupId, async (manager, conversationId) => {
      await this.repository.admitGroupMembers(manager, conversationId, event.addedUserIds, false);
      return [
        await this.messages.writeGroupSystemMessage(
          manager,
          conversationId,
          'groups_merged',
          event.actorId,
          details,
        ),
      ];
    });
    await this.inGroup(event.sourceGroupId, async (manager, conversationId) => {
      const notice = await this.messages.writeGroupSystemMessage(
        manager,
        conversationId,
        'groups_merged',
        event.actorId,
        details,
      );
      await this.repository.setGroupStatus(manager, event.sourceGroupId, 'dissolved');
      return [notice];
    });
  }

  @OnEvent(DomainEvents.groupAnnouncementUpdated, { promisify: true })
  async onAnnouncementUpdated(event: GroupAnnouncementUpdatedEvent): Promise<void> {
    await this.inGroup(event.groupId, async (manager, conversationId) => [
      await this.messages.writeGroupSystemMessage(
        manager,
        conversationId,
        'announcement_updated',
        event.actorId,
        { actor_id: event.actorId },
        event.announcement,
      ),
    ]);
  }

  @OnEvent(DomainEvents.friendRequestCreated, { promisify: true })
  async onFriendRequest(event: FriendRequestCreatedEvent): Promise<void> {
    if (event.silenced) return;
    const stored = await this.repository.transaction(async (manager) => [
      await this.messages.writeDirectSystemMessage(
        manager,
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
      ),
    ]);
    await this.messages.emitStored(stored);
  }

  @OnEvent(DomainEvents.friendRequestAccepted, { promisify: true })
  async onFriendAccepted(event: FriendRequestAcceptedEvent): Promise<void> {
    const stored = await this.repository.transaction(async (manager) => {
      await this.repository.ensureDirectConversation(manager, event.fromUserId, event.toUserId);
      await this.repository.setFriendship(manager, event.fromUserId, event.toUserId, true);
      return [
        await this.messages.writeDirectSystemMessage(
          manager,
          event.toUserId,
          event.fromUserId,
          'friend_accepted',
          {
            actor_id: event.toUserId,
            request_id: event.requestId,
            from_user_id: event.fromUserId,
            to_user_id: event.toUserId,
          },
        ),
      ];
    });
    await this.messages.emitStored(stored);
  }

  @OnEvent(DomainEvents.friendshipRemoved, { promisify: true })
  async onFriendshipRemoved(event: FriendshipRemovedEvent): Promise<void> {
    await this.repository.transaction((manager) =>
      this.repository.setFriendship(manager, event.userId, event.friendId, false),
    );
  }
}
