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
import './contact.messages';
import { ContactRepository } from './contact.repository';
import { ContactService } from './contact.service';
import { BlockDto } from './dto/block.dto';

/** What a block changed, for the events to send inside its transaction. */
export interface BlockOutcome {
  blockerId: string;
  blockedId: string;
  /** False when he was already blocked. */
  newBlock: boolean;
  friendshipRemoved: boolean;
}

/** Blocks: a blocked user cannot befriend you; blocking ends the friendship and pending requests. */
@Injectable()
export class BlockService {
  constructor(
    private readonly contacts: ContactRepository,
    private readonly users: UserService,
    private readonly people: ContactService,
    private readonly events: EventEmitter2,
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
      created: outcome.newBlock,
    };
  }

  /** Inside the caller's transaction: the block, the end of the friendship and of pending requests. */
  async blockInTransaction(
    tx: EntityManager,
    blockerId: string,
    blockedId: string,
  ): Promise<BlockOutcome> {
    await this.contacts.lockPair(tx, blockerId, blockedId);
    const newBlock = await this.contacts.insertBlock(tx, blockerId, blockedId);
    if (!newBlock) return { blockerId, blockedId, newBlock, friendshipRemoved: false };
    await this.contacts.closePendingBetween(tx, blockerId, blockedId, 'rejected');
    const friendshipRemoved = await this.contacts.deleteFriendshipPair(tx, blockerId, blockedId);
    return { blockerId, blockedId, newBlock, friendshipRemoved };
  }

  /** The events of a block, inside the transaction that wrote it. */
  async announce(tx: EntityManager, outcome: BlockOutcome): Promise<void> {
    if (outcome.friendshipRemoved) {
      await this.events.emitAsync(DomainEvents.friendshipRemoved, {
        tx,
        userId: outcome.blockerId,
        friendId: outcome.blockedId,
      } satisfies FriendshipRemovedEvent);
    }
    if (outcome.newBlock) {
      await this.events.emitAsync(DomainEvents.userBlocked, {
        tx,
        blockerId: outcome.blockerId,
        blockedId: outcome.blockedId,
      } satisfies UserBlockEvent);
    }
  }

  async unblock(userId: string, blockedId: string): Promise<void> {
    await this.contacts.transaction(async (tx) => {
      if (!(await this.contacts.deleteBlock(tx, userId, blockedId))) {
        throw new NotFoundError('block');
      }
      await this.events.emitAsync(DomainEvents.userUnblocked, {
        tx,
        blockerId: userId,
        blockedId,
      } satisfies UserBlockEvent);
    });
  }
}
