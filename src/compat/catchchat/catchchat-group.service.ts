import { Injectable } from '@nestjs/common';
import { UserPrincipal } from '../../common/http/request-principal';
import {
  MAX_PAGE,
  MAX_PER_PAGE,
  PageQueryDto,
  Paginated,
} from '../../common/pagination/pagination';
import { AddressBookService } from '../../contact/address-book.service';
import { UploadAddressBookDto } from '../../contact/dto/address-book.dto';
import { FriendListNameDto } from '../../contact/dto/friend-list.dto';
import { FriendListService } from '../../contact/friend-list.service';
import { CatchChatIds } from './catchchat-ids';
import { CatchChatList } from './catchchat-wire';
import { CatchChatViews } from './catchchat-views';
import { CatchChatEmptyDto } from './dto/catchchat-contact.dto';
import {
  CatchChatContactsUploadedDto,
  CatchChatFriendshipIdDto,
  CatchChatGroupDto,
  CatchChatMayKnowListDto,
} from './dto/catchchat-group.dto';

/**
 * CatchChat's groups of friends over Party's friend lists, its address-book upload and the
 * people you may know: the native contact rules throughout.
 */
@Injectable()
export class CatchChatGroupService {
  constructor(
    private readonly lists: FriendListService,
    private readonly addressBook: AddressBookService,
    private readonly ids: CatchChatIds,
    private readonly views: CatchChatViews,
  ) {}

  async list(
    caller: UserPrincipal,
    query: PageQueryDto,
  ): Promise<CatchChatList<CatchChatGroupDto>> {
    const page = await this.lists.list(caller.userId, query);
    const groups = await this.views.groups(caller.userId, page.data, query.offset + 1);
    return new CatchChatList('groups', Paginated.of(groups, query, page.total_count));
  }

  async create(caller: UserPrincipal, body: FriendListNameDto): Promise<CatchChatGroupDto> {
    const list = await this.lists.create(caller.userId, body.name);
    return this.one(caller, list.id);
  }

  async get(caller: UserPrincipal, id: string): Promise<CatchChatGroupDto> {
    return this.one(caller, await this.ids.resolve('friend_list', id));
  }

  async rename(
    caller: UserPrincipal,
    id: string,
    body: FriendListNameDto,
  ): Promise<CatchChatGroupDto> {
    const uuid = await this.ids.resolve('friend_list', id);
    await this.lists.rename(caller.userId, uuid, body.name);
    return this.one(caller, uuid);
  }

  async remove(caller: UserPrincipal, id: string): Promise<CatchChatEmptyDto> {
    await this.lists.remove(caller.userId, await this.ids.resolve('friend_list', id));
    return {};
  }

  async addFriendship(
    caller: UserPrincipal,
    id: string,
    body: CatchChatFriendshipIdDto,
  ): Promise<CatchChatEmptyDto> {
    const uuid = await this.ids.resolve('friend_list', id);
    const friendship = await this.ids.resolveField(
      'friendship',
      body.friendship_id,
      'friendship_id',
    );
    await this.lists.addFriendship(caller.userId, uuid, friendship);
    return {};
  }

  async removeFriendship(
    caller: UserPrincipal,
    id: string,
    friendshipId: string,
  ): Promise<CatchChatEmptyDto> {
    const uuid = await this.ids.resolve('friend_list', id);
    const friendship = await this.ids.resolve('friendship', friendshipId);
    await this.lists.removeFriendship(caller.userId, uuid, friendship);
    return {};
  }

  async uploadContacts(
    caller: UserPrincipal,
    body: UploadAddressBookDto,
  ): Promise<CatchChatContactsUploadedDto> {
    const result = await this.addressBook.upload(caller, body);
    return {
      registered_contacts: await this.views.registeredContacts(
        caller.userId,
        result.registered_contacts,
      ),
    };
  }

  /** The first page of the native ranking (CatchChat pages nothing here). */
  async mayKnow(caller: UserPrincipal): Promise<CatchChatMayKnowListDto> {
    const page = await this.addressBook.mayKnow(caller.userId, new PageQueryDto());
    return { friends: await this.views.mayKnow(page.data) };
  }

  /**
   * One list with its rank among the caller's lists (oldest first): found by reading his lists a
   * page of 100 at a time, as CatchChat shows `position` on every group.
   */
  private async one(caller: UserPrincipal, uuid: string): Promise<CatchChatGroupDto> {
    const list = await this.lists.get(caller.userId, uuid);
    let position = 1;
    for (let page = 1; page <= MAX_PAGE; page += 1) {
      const query = Object.assign(new PageQueryDto(), { page, per_page: MAX_PER_PAGE });
      const found = await this.lists.list(caller.userId, query);
      const index = found.data.findIndex((item) => item.id === uuid);
      if (index >= 0) {
        position = query.offset + index + 1;
        break;
      }
      if (found.data.length < MAX_PER_PAGE) break;
    }
    const [view] = await this.views.groups(caller.userId, [list], position);
    return view;
  }
}
