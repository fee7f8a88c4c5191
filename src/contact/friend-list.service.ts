import { Injectable } from '@nestjs/common';
import { NotFoundError, UnprocessableReferenceError } from '../common/errors/domain-error';
import { PageQueryDto, Paginated } from '../common/pagination/pagination';
import { ContactRepository, FriendListRow } from './contact.repository';
import { ContactViews } from './contact-views';
import { FriendListDto } from './dto/friend-list.dto';
import { FriendshipDto } from './dto/friendship.dto';

/** Named lists of the caller's own friendships; only their owner sees them. */
@Injectable()
export class FriendListService {
  constructor(
    private readonly contacts: ContactRepository,
    private readonly views: ContactViews,
  ) {}

  async create(userId: string, name: string): Promise<FriendListDto> {
    const list = await this.contacts.insertFriendList(userId, name);
    const [dto] = await this.describe(userId, [list]);
    return dto;
  }

  async list(userId: string, query: PageQueryDto): Promise<Paginated<FriendListDto>> {
    const page = await this.contacts.listFriendLists(userId, query.offset, query.per_page);
    return Paginated.of(await this.describe(userId, page.rows), query, page.total);
  }

  async get(userId: string, id: string): Promise<FriendListDto> {
    const [dto] = await this.describe(userId, [await this.requireList(userId, id)]);
    return dto;
  }

  async rename(userId: string, id: string, name: string): Promise<FriendListDto> {
    if (!(await this.contacts.renameFriendList(userId, id, name))) {
      throw new NotFoundError('friend list');
    }
    return this.get(userId, id);
  }

  async remove(userId: string, id: string): Promise<void> {
    if (!(await this.contacts.deleteFriendList(userId, id))) throw new NotFoundError('friend list');
  }

  /** Adds one of the caller's friendships; `added` is false when it was already in the list. */
  async addFriendship(
    userId: string,
    id: string,
    friendshipId: string,
  ): Promise<{ list: FriendListDto; added: boolean }> {
    await this.requireList(userId, id);
    const [friendship] = await this.contacts.friendshipsByIds(userId, [friendshipId]);
    if (!friendship) {
      throw new UnprocessableReferenceError('unknown_reference', 'friendship_id', [friendshipId]);
    }
    const added = await this.contacts.addToFriendList(id, friendshipId);
    if (added) await this.contacts.touchFriendList(id);
    return { list: await this.get(userId, id), added };
  }

  async removeFriendship(userId: string, id: string, friendshipId: string): Promise<void> {
    await this.requireList(userId, id);
    if (!(await this.contacts.removeFromFriendList(id, friendshipId))) {
      throw new NotFoundError('friendship');
    }
    await this.contacts.touchFriendList(id);
  }

  /** The caller's own list: anyone else's is a 404. */
  private async requireList(userId: string, id: string): Promise<FriendListRow> {
    const list = await this.contacts.findFriendList(userId, id);
    if (!list) throw new NotFoundError('friend list');
    return list;
  }

  private async describe(
    userId: string,
    lists: readonly FriendListRow[],
  ): Promise<FriendListDto[]> {
    const members = await this.contacts.friendListMembers(
      userId,
      lists.map((list) => list.id),
    );
    const unique = [...new Map(members.map((member) => [member.id, member])).values()];
    const dtos = new Map((await this.views.friendships(unique)).map((dto) => [dto.id, dto]));
    const byList = new Map<string, FriendshipDto[]>();
    for (const member of members) {
      const dto = dtos.get(member.id);
      if (!dto) continue;
      const items = byList.get(member.listId) ?? [];
      items.push(dto);
      byList.set(member.listId, items);
    }
    return lists.map(
      (list) =>
        ({
          id: list.id,
          name: list.name,
          friendships: byList.get(list.id) ?? [],
          created_at: list.createdAt,
          updated_at: list.updatedAt,
        }) as FriendListDto,
    );
  }
}
