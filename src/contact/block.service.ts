import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EntityManager } from 'typeorm';
import { UserService } from '../auth/user.service';
import {
  NotFoundError,
  UnprocessableReferenceError,
  ValidationFailedError,
} from '../common/errors/domain-error';
import {
  DomainEvents,
  FriendshipRemovedEvent,
  UserBlockEvent,
} from '../common/events/domain-events';
import { PageQueryDto, Paginated } from '../common/pagination/pagination';
import { EventLogService } from '../events/event-log.service';
import { blockDraft, friendRequestDrafts, friendshipRemovedDrafts } from './contact-events';
import './contact.messages';
import { BlockRow, ContactRepository, FriendshipSide } from './contact.repository';
import { ContactService } from './contact.service';
import { BlockDto } from './dto/block.dto';
import { FriendRequestEntity } from './entities/friend-request.entity';

/** What a block changed, for the events to send inside its transaction. */
export interface BlockOutcome {
  blockerId: string;
  blockedId: string;
  /** The new block; null when he was already blocked (nothing else changed then). */
  block: BlockRow | null;
  /** The requests that were pending between them, now rejected. */
  closedRequests: FriendRequestEntity[];
  /** Both sides of the friendship the block ended (none when they were not friends). */
  removedFriendships: FriendshipSide[];
}

/** Blocks: a blocked user cannot befriend you; blocking ends the friendship and pending requests. */
@Injectable()
export class BlockService {
  constructor(
    private readonly contacts: ContactRepository,
    private readonly users: UserService,
    private readonly people: ContactService,
    private readonly events: EventEmitter2,
    private readonly eventLog: EventLogService,
  ) {}

  async list(userId: string, query: PageQueryDto): Promise<Paginated<BlockDto>> {
    const page = await this.contacts.listBlocks(userId, query.offset, query.per_page);
    const people = await this.people.describePeople(
      userId,
      page.rows.map((row) => row.blockedId),
    );
    const items = page.rows.flatMap((row) => {
      const user = people.get(row.blockedId);
      return user ? [{ user, created_at: row.createdAt } as BlockDto] : [];
    });
    return Paginated.of(items, query, page.total);
  }

  /** Blocks the user; `created` is false when he was already blocked (nothing changes then). */
  async block(userId: string, blockedId: string): Promise<{ block: BlockDto; created: boolean }> {
    if (blockedId === userId) throw ValidationFailedError.field('user_id', 'not_yourself');
    if ((await this.users.missingIds([blockedId])).length > 0) {
      throw new UnprocessableReferenceError('unknown_reference', 'user_id', [blockedId]);
    }
    const outcome = await this.contacts.transaction(async (tx) => {
      const blocked = await this.blockInTransaction(tx, userId, blockedId);
      await this.announce(tx, blocked);
      return blocked;
    });
    const row = await this.contacts.findBlock(userId, blockedId);
    const people = await this.people.describePeople(userId, [blockedId]);
    return {
      block: { user: people.get(blockedId), created_at: row?.createdAt } as BlockDto,
      created: outcome.block !== null,
    };
  }

  /** Inside the caller's transaction: the block, the end of the friendship and of pending requests. */
  async blockInTransaction(
    tx: EntityManager,
    blockerId: string,
    blockedId: string,
  ): Promise<BlockOutcome> {
    await this.contacts.lockPair(tx, blockerId, blockedId);
    const block = await this.contacts.insertBlock(tx, blockerId, blockedId);
    if (!block) {
      return { blockerId, blockedId, block, closedRequests: [], removedFriendships: [] };
    }
    const closedRequests = await this.contacts.closePendingBetween(
      tx,
      blockerId,
      blockedId,
      'rejected',
    );
    const removedFriendships = await this.contacts.deleteFriendshipPair(tx, blockerId, blockedId);
    return { blockerId, blockedId, block, closedRequests, removedFriendships };
  }

  /**
   * The events of a block, inside the transaction that wrote it. The blocker hears of the block
   * and of the requests it closed; the blocked user only that the friendship is gone.
   */
  async announce(tx: EntityManager, outcome: BlockOutcome): Promise<void> {
    const { blockerId, block } = outcome;
    if (outcome.removedFriendships.length > 0) {
      await this.events.emitAsync(DomainEvents.friendshipRemoved, {
        tx,
        userId: outcome.blockerId,
        friendId: outcome.blockedId,
      } satisfies FriendshipRemovedEvent);
    }
    if (block) {
      await this.events.emitAsync(DomainEvents.userBlocked, {
        tx,
        blockerId: outcome.blockerId,
        blockedId: outcome.blockedId,
      } satisfies UserBlockEvent);
    }
    await this.eventLog.append(tx, [
      ...(block ? [blockDraft('block.created', blockerId, block)] : []),
      ...friendRequestDrafts(
        'friend_request.rejected',
        outcome.closedRequests,
        (id) => id === blockerId,
      ),
      ...friendshipRemovedDrafts(outcome.removedFriendships),
    ]);
  }

  async unblock(userId: string, blockedId: string): Promise<void> {
    await this.contacts.transaction(async (tx) => {
      const block = await this.contacts.deleteBlock(tx, userId, blockedId);
      if (!block) throw new NotFoundError('block');
      await this.events.emitAsync(DomainEvents.userUnblocked, {
        tx,
        blockerId: userId,
        blockedId,
      } satisfies UserBlockEvent);
      await this.eventLog.append(tx, [blockDraft('block.removed', userId, block)]);
    });
  }
}
