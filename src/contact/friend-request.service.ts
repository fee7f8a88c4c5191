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
  FriendRequestAcceptedEvent,
  FriendRequestCreatedEvent,
} from '../common/events/domain-events';
import { Locale } from '../common/i18n/locale';
import { Paginated } from '../common/pagination/pagination';
import { BlockService } from './block.service';
import './contact.messages';
import { ContactRepository } from './contact.repository';
import { ContactViews } from './contact-views';
import {
  CreateFriendRequestDto,
  FriendRequestDto,
  FriendRequestListQueryDto,
} from './dto/friend-request.dto';
import { FriendRequestEntity } from './entities/friend-request.entity';

export type FriendRequestAction = 'accept' | 'reject' | 'block' | 'withdraw';

/** How `POST friend-requests` ended: a new request, the one already pending, or his accepted. */
export type SendOutcome = 'created' | 'existing' | 'accepted';

interface SendResult {
  outcome: SendOutcome;
  request: FriendRequestEntity;
}

/** Friend requests: pending → accepted | rejected | blocked (receiver) | withdrawn (sender). */
@Injectable()
export class FriendRequestService {
  constructor(
    private readonly contacts: ContactRepository,
    private readonly users: UserService,
    private readonly blocks: BlockService,
    private readonly views: ContactViews,
    private readonly events: EventEmitter2,
  ) {}

  async send(
    userId: string,
    body: CreateFriendRequestDto,
    locale: Locale,
  ): Promise<{ outcome: SendOutcome; request: FriendRequestDto }> {
    const friendId = body.friend_id;
    if (friendId === userId) throw ValidationFailedError.field('friend_id', 'not_yourself');
    if ((await this.users.missingIds([friendId])).length > 0) {
      throw new UnprocessableReferenceError('unknown_reference', 'friend_id', [friendId]);
    }
    const result = await this.contacts.transaction(async (tx) => {
      const sent = await this.sendInTransaction(tx, userId, friendId, body.message ?? null);
      await this.announceSent(tx, sent);
      return sent;
    });
    return {
      outcome: result.outcome,
      request: await this.views.friendRequest(userId, result.request, locale),
    };
  }

  /** The event of a new request or of the one his request accepted (inside its transaction). */
  private async announceSent(tx: EntityManager, { outcome, request }: SendResult): Promise<void> {
    if (outcome === 'created') {
      await this.events.emitAsync(DomainEvents.friendRequestCreated, {
        tx,
        requestId: request.id,
        fromUserId: request.fromUserId,
        toUserId: request.toUserId,
        message: request.message,
        silenced: request.silenced,
      } satisfies FriendRequestCreatedEvent);
    } else if (outcome === 'accepted') {
      await this.announceAccepted(tx, request);
    }
  }

  private async sendInTransaction(
    tx: EntityManager,
    userId: string,
    friendId: string,
    message: string | null,
  ): Promise<SendResult> {
    await this.contacts.lockPair(tx, userId, friendId);
    if (await this.contacts.areFriends(userId, friendId, tx)) {
      throw new ConflictError('already_friends');
    }
    if (await this.contacts.findBlock(userId, friendId, tx)) {
      throw new ConflictError('user_blocked_by_you');
    }
    const existing = await this.contacts.findPendingRequest(userId, friendId, tx);
    if (existing) return { outcome: 'existing', request: existing };
    const theirs = await this.contacts.findPendingRequest(friendId, userId, tx);
    if (theirs && !theirs.silenced) {
      const accepted = await this.acceptInTransaction(tx, theirs.id);
      if (accepted) return { outcome: 'accepted', request: accepted };
    }
    const silenced = (await this.contacts.findBlock(friendId, userId, tx)) !== null;
    const created = await this.contacts.insertPendingRequest(tx, {
      fromUserId: userId,
      toUserId: friendId,
      message,
      silenced,
    });
    if (created) return { outcome: 'created', request: created };
    // A concurrent identical request won the unique index: that one is the answer.
    const raced = await this.contacts.findPendingRequest(userId, friendId, tx);
    if (!raced) throw new ConflictError('request_not_pending');
    return { outcome: 'existing', request: raced };
  }

  /** Accepts a pending request (and any pending the other way); null when it is not pending. */
  private async acceptInTransaction(
    tx: EntityManager,
    requestId: string,
  ): Promise<FriendRequestEntity | null> {
    const accepted = await this.contacts.decideRequest(tx, requestId, 'accepted');
    if (!accepted) return null;
    await this.contacts.closePendingBetween(tx, accepted.fromUserId, accepted.toUserId, 'accepted');
    await this.contacts.insertFriendshipPair(tx, accepted.fromUserId, accepted.toUserId);
    return accepted;
  }

  private async announceAccepted(tx: EntityManager, request: FriendRequestEntity): Promise<void> {
    await this.events.emitAsync(DomainEvents.friendRequestAccepted, {
      tx,
      requestId: request.id,
      fromUserId: request.fromUserId,
      toUserId: request.toUserId,
    } satisfies FriendRequestAcceptedEvent);
  }

  async list(
    side: 'received' | 'sent',
    userId: string,
    query: FriendRequestListQueryDto,
    locale: Locale,
  ): Promise<Paginated<FriendRequestDto>> {
    const page = await this.contacts.listRequests(
      side,
      userId,
      query.state,
      query.offset,
      query.per_page,
    );
    return Paginated.of(
      await this.views.friendRequests(userId, page.rows, locale),
      query,
      page.total,
    );
  }

  /**
   * The receiver accepts, rejects or blocks; the sender withdraws. A request the caller is not
   * part of (or one silenced by his block) is a 404; the wrong side's action is a 403.
   */
  async act(
    userId: string,
    requestId: string,
    action: FriendRequestAction,
    locale: Locale,
  ): Promise<FriendRequestDto> {
    const decided = await this.contacts.transaction(async (tx) => {
      const unlocked = await this.contacts.findRequest(requestId, tx);
      if (unlocked) await this.contacts.lockPair(tx, unlocked.fromUserId, unlocked.toUserId);
      const request = unlocked && (await this.contacts.findRequest(requestId, tx, true));
      const isSender = request?.fromUserId === userId;
      const isReceiver = request?.toUserId === userId && !request.silenced;
      if (!request || (!isSender && !isReceiver)) throw new NotFoundError('friend request');
      if (action === 'withdraw' ? !isSender : !isReceiver) throw new ForbiddenError();
      if (request.state !== 'pending') throw new ConflictError('request_not_pending');
      const done = await this.decideInTransaction(tx, userId, request, action);
      if (!done) throw new ConflictError('request_not_pending');
      return done;
    });
    return this.views.friendRequest(userId, decided, locale);
  }

  /** The action on a pending request, with its events, inside the caller's transaction. */
  private async decideInTransaction(
    tx: EntityManager,
    userId: string,
    request: FriendRequestEntity,
    action: FriendRequestAction,
  ): Promise<FriendRequestEntity | null> {
    switch (action) {
      case 'accept': {
        const accepted = await this.acceptInTransaction(tx, request.id);
        if (accepted) await this.announceAccepted(tx, accepted);
        return accepted;
      }
      case 'reject':
        return this.contacts.decideRequest(tx, request.id, 'rejected');
      case 'withdraw':
        return this.contacts.decideRequest(tx, request.id, 'withdrawn');
      case 'block': {
        const blocked = await this.contacts.decideRequest(tx, request.id, 'blocked');
        if (!blocked) return null;
        await this.blocks.announce(
          tx,
          await this.blocks.blockInTransaction(tx, userId, request.fromUserId),
        );
        return blocked;
      }
    }
  }
}
