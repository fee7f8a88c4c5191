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
import { Paginated } from '../common/pagination/pagination';
import { PublicProfile } from '../common/people/person.dto';
import { EventDraft } from '../events/event-catalogue';
import { EventLogService } from '../events/event-log.service';
import { BlockService } from './block.service';
import { friendRequestDrafts, friendshipDraft } from './contact-events';
import './contact.messages';
import { ContactRepository, FriendshipSide } from './contact.repository';
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

/** The profiles of a request's two users, read before its transaction (see `act`). */
type Profiles = ReadonlyMap<string, PublicProfile>;

/** Friend requests: pending → accepted | rejected | blocked (receiver) | withdrawn (sender). */
@Injectable()
export class FriendRequestService {
  constructor(
    private readonly contacts: ContactRepository,
    private readonly users: UserService,
    private readonly blocks: BlockService,
    private readonly views: ContactViews,
    private readonly events: EventEmitter2,
    private readonly eventLog: EventLogService,
  ) {}

  async send(
    userId: string,
    body: CreateFriendRequestDto,
  ): Promise<{ outcome: SendOutcome; request: FriendRequestDto }> {
    const friendId = body.friend_id;
    if (friendId === userId) throw ValidationFailedError.field('friend_id', 'not_yourself');
    // Both profiles now: when this accepts his request, the friendships' events name them.
    const profiles = await this.users.profilesByIds([userId, friendId]);
    if (!profiles.has(friendId)) {
      throw new UnprocessableReferenceError('unknown_reference', 'friend_id', [friendId]);
    }
    const result = await this.contacts.transaction(async (tx) => {
      const message = body.message ?? null;
      const sent = await this.sendInTransaction(tx, userId, friendId, message, profiles);
      if (sent.outcome === 'created') await this.announceCreated(tx, sent.request);
      return sent;
    });
    return {
      outcome: result.outcome,
      request: await this.views.friendRequest(userId, result.request),
    };
  }

  /** The events of a new request (a silenced one reaches its sender only), in its transaction. */
  private async announceCreated(tx: EntityManager, request: FriendRequestEntity): Promise<void> {
    await this.eventLog.append(tx, friendRequestDrafts('friend_request.created', [request]));
    await this.events.emitAsync(DomainEvents.friendRequestCreated, {
      tx,
      requestId: request.id,
      fromUserId: request.fromUserId,
      toUserId: request.toUserId,
      message: request.message,
      silenced: request.silenced,
    } satisfies FriendRequestCreatedEvent);
  }

  private async sendInTransaction(
    tx: EntityManager,
    userId: string,
    friendId: string,
    message: string | null,
    profiles: Profiles,
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
      const accepted = await this.acceptInTransaction(tx, theirs.id, profiles);
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

  /**
   * Accepts a pending request (and any pending the other way) and makes the friendship, with
   * their events; null when it is not pending.
   */
  private async acceptInTransaction(
    tx: EntityManager,
    requestId: string,
    profiles: Profiles,
  ): Promise<FriendRequestEntity | null> {
    const accepted = await this.contacts.decideRequest(tx, requestId, 'accepted');
    if (!accepted) return null;
    const { fromUserId, toUserId } = accepted;
    const closed = await this.contacts.closePendingBetween(tx, fromUserId, toUserId, 'accepted');
    const sides = await this.contacts.insertFriendshipPair(tx, fromUserId, toUserId);
    await this.eventLog.append(tx, [
      ...friendRequestDrafts('friend_request.accepted', [accepted, ...closed]),
      ...(await this.friendshipsCreated(tx, sides, profiles)),
    ]);
    await this.events.emitAsync(DomainEvents.friendRequestAccepted, {
      tx,
      requestId: accepted.id,
      fromUserId,
      toUserId,
    } satisfies FriendRequestAcceptedEvent);
    return accepted;
  }

  /** Each new side's `friendship.created`: his own friendship, as he reads it, to him. */
  private async friendshipsCreated(
    tx: EntityManager,
    sides: readonly FriendshipSide[],
    profiles: Profiles,
  ): Promise<EventDraft[]> {
    const drafts: EventDraft[] = [];
    for (const side of sides) {
      const [row] = await this.contacts.friendshipsByIds(side.userId, [side.id], tx);
      const friend = profiles.get(side.friendId);
      if (row && friend) drafts.push(friendshipDraft('friendship.created', row, friend));
    }
    return drafts;
  }

  async list(
    side: 'received' | 'sent',
    userId: string,
    query: FriendRequestListQueryDto,
  ): Promise<Paginated<FriendRequestDto>> {
    const page = await this.contacts.listRequests(
      side,
      userId,
      query.state,
      query.offset,
      query.per_page,
    );
    return Paginated.of(await this.views.friendRequests(userId, page.rows), query, page.total);
  }

  /**
   * The receiver accepts, rejects or blocks; the sender withdraws. A request the caller is not
   * part of (or one silenced by his block) is a 404; the wrong side's action is a 403.
   */
  async act(
    userId: string,
    requestId: string,
    action: FriendRequestAction,
  ): Promise<FriendRequestDto> {
    // A request's two users never change: read them before the transaction, to lock the pair in
    // it and, for an accept, to have the profiles its friendship events need (the auth module
    // reads outside the transaction, and the embedded database has one connection).
    const unlocked = await this.contacts.findRequest(requestId);
    const profiles =
      action === 'accept' && unlocked?.toUserId === userId
        ? await this.users.profilesByIds([unlocked.fromUserId, unlocked.toUserId])
        : new Map<string, PublicProfile>();
    const decided = await this.contacts.transaction(async (tx) => {
      if (unlocked) await this.contacts.lockPair(tx, unlocked.fromUserId, unlocked.toUserId);
      const request = unlocked && (await this.contacts.findRequest(requestId, tx, true));
      const isSender = request?.fromUserId === userId;
      const isReceiver = request?.toUserId === userId && !request.silenced;
      if (!request || (!isSender && !isReceiver)) throw new NotFoundError('friend request');
      if (action === 'withdraw' ? !isSender : !isReceiver) throw new ForbiddenError();
      if (request.state !== 'pending') throw new ConflictError('request_not_pending');
      const done = await this.decideInTransaction(tx, userId, request, action, profiles);
      if (!done) throw new ConflictError('request_not_pending');
      return done;
    });
    return this.views.friendRequest(userId, decided);
  }

  /** The action on a pending request, with its events, inside the caller's transaction. */
  private async decideInTransaction(
    tx: EntityManager,
    userId: string,
    request: FriendRequestEntity,
    action: FriendRequestAction,
    profiles: Profiles,
  ): Promise<FriendRequestEntity | null> {
    switch (action) {
      case 'accept':
        return this.acceptInTransaction(tx, request.id, profiles);
      case 'reject':
        return this.close(tx, request.id, 'rejected');
      case 'withdraw':
        return this.close(tx, request.id, 'withdrawn');
      case 'block': {
        // No request event: the sender must not learn of the block, the blocker hears
        // `block.created`.
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

  /** Rejects or withdraws a pending request and tells those who see it; null when not pending. */
  private async close(
    tx: EntityManager,
    requestId: string,
    state: 'rejected' | 'withdrawn',
  ): Promise<FriendRequestEntity | null> {
    const closed = await this.contacts.decideRequest(tx, requestId, state);
    if (closed) {
      await this.eventLog.append(tx, friendRequestDrafts(`friend_request.${state}`, [closed]));
    }
    return closed;
  }
}
