import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EntityManager } from 'typeorm';
import { UserService } from '../auth/user.service';
import { NotFoundError } from '../common/errors/domain-error';
import { DomainEvents, FriendshipRemovedEvent } from '../common/events/domain-events';
import { PageQueryDto, Paginated } from '../common/pagination/pagination';
import { likePattern } from '../common/sql/like-pattern';
import { EventLogService } from '../events/event-log.service';
import { friendshipDraft, friendshipRemovedDrafts } from './contact-events';
import { ContactRepository, FriendshipRow, Page } from './contact.repository';
import { ContactViews, friendshipDto } from './contact-views';
import { FriendshipDto, FriendshipSearchQueryDto, UpdateFriendshipDto } from './dto/friendship.dto';

/** "Recent" friends: a private message passed between you in the last three days. */
export const RECENT_CONTACT_MS = 3 * 24 * 60 * 60 * 1000;

/** Friendships as their owner sees them: ordered by position, named by his own names. */
@Injectable()
export class FriendshipService {
  constructor(
    private readonly contacts: ContactRepository,
    private readonly users: UserService,
    private readonly views: ContactViews,
    private readonly events: EventEmitter2,
    private readonly eventLog: EventLogService,
  ) {}

  private async page(
    page: Page<FriendshipRow>,
    query: PageQueryDto,
  ): Promise<Paginated<FriendshipDto>> {
    return Paginated.of(await this.views.friendships(page.rows), query, page.total);
  }

  async list(userId: string, query: PageQueryDto): Promise<Paginated<FriendshipDto>> {
    return this.page(
      await this.contacts.listFriendships(userId, {}, query.offset, query.per_page),
      query,
    );
  }

  async recent(userId: string, query: PageQueryDto): Promise<Paginated<FriendshipDto>> {
    const contactedSince = new Date(Date.now() - RECENT_CONTACT_MS);
    return this.page(
      await this.contacts.listFriendships(userId, { contactedSince }, query.offset, query.per_page),
      query,
    );
  }

  /**
   * Matches the remarked and contact names, and the friends' nicknames and usernames (through the
   * auth module, which owns profiles), in SQL: case-insensitive, any script.
   */
  async search(userId: string, query: FriendshipSearchQueryDto): Promise<Paginated<FriendshipDto>> {
    const friendIds = await this.users.idsMatching(await this.contacts.friendIds(userId), query.q);
    return this.page(
      await this.contacts.listFriendships(
        userId,
        { nameLike: likePattern(query.q), friendIds },
        query.offset,
        query.per_page,
      ),
      query,
    );
  }

  /** The caller's own friendship by its id: anyone else's is a 404. */
  async requireFriendship(userId: string, id: string): Promise<FriendshipRow> {
    const [row] = await this.contacts.friendshipsByIds(userId, [id]);
    if (!row) throw new NotFoundError('friendship');
    return row;
  }

  async get(userId: string, id: string): Promise<FriendshipDto> {
    return this.one(await this.requireFriendship(userId, id));
  }

  async getWith(userId: string, friendId: string): Promise<FriendshipDto> {
    const row = await this.contacts.friendshipWith(userId, friendId);
    if (!row) throw new NotFoundError('friendship');
    return this.one(row);
  }

  async update(userId: string, id: string, body: UpdateFriendshipDto): Promise<FriendshipDto> {
    const names = { remarkedName: body.remarked_name, contactName: body.contact_name };
    return this.changeOwn(userId, id, (tx) =>
      this.contacts.renameFriendship(userId, id, names, tx),
    );
  }

  async moveToTop(userId: string, id: string): Promise<FriendshipDto> {
    return this.changeOwn(userId, id, (tx) => this.contacts.moveFriendshipToTop(userId, id, tx));
  }

  /**
   * Applies `change` to the caller's own friendship and tells his devices, in one transaction;
   * answers the friendship as it then is. The friend's profile is read first (the embedded
   * database has one connection, and the auth module reads outside the transaction).
   */
  private async changeOwn(
    userId: string,
    id: string,
    change: (tx: EntityManager) => Promise<boolean>,
  ): Promise<FriendshipDto> {
    const { friendId } = await this.requireFriendship(userId, id);
    const profile = (await this.users.profilesByIds([friendId])).get(friendId);
    if (!profile) throw new NotFoundError('friendship');
    return this.contacts.transaction(async (tx) => {
      if (!(await change(tx))) throw new NotFoundError('friendship');
      const [row] = await this.contacts.friendshipsByIds(userId, [id], tx);
      await this.eventLog.append(tx, [friendshipDraft('friendship.updated', row, profile)]);
      return friendshipDto(row, profile);
    });
  }

  /** Unfriends: both sides' rows (and their friend-list memberships) go; messages stay. */
  async remove(userId: string, id: string): Promise<void> {
    const row = await this.requireFriendship(userId, id);
    await this.contacts.transaction(async (tx) => {
      await this.contacts.lockPair(tx, userId, row.friendId);
      const removed = await this.contacts.deleteFriendshipPair(tx, userId, row.friendId);
      if (removed.length === 0) throw new NotFoundError('friendship');
      await this.events.emitAsync(DomainEvents.friendshipRemoved, {
        tx,
        userId,
        friendId: row.friendId,
      } satisfies FriendshipRemovedEvent);
      await this.eventLog.append(tx, friendshipRemovedDrafts(removed));
    });
  }

  private async one(row: FriendshipRow): Promise<FriendshipDto> {
    const [dto] = await this.views.friendships([row]);
    if (!dto) throw new NotFoundError('friendship');
    return dto;
  }
}
