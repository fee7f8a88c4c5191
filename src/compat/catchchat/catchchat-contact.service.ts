import { Injectable } from '@nestjs/common';
import { UserPrincipal } from '../../common/http/request-principal';
import { PageQueryDto, Paginated } from '../../common/pagination/pagination';
import { FriendRequestListQueryDto } from '../../contact/dto/friend-request.dto';
import {
  FriendshipDto,
  FriendshipSearchQueryDto,
  UpdateFriendshipDto,
} from '../../contact/dto/friendship.dto';
import { FriendRequestAction, FriendRequestService } from '../../contact/friend-request.service';
import { FriendshipService } from '../../contact/friendship.service';
import { CatchChatIds } from './catchchat-ids';
import { CatchChatList } from './catchchat-wire';
import { CatchChatViews } from './catchchat-views';
import {
  CatchChatEmptyDto,
  CatchChatFriendRequestDto,
  CatchChatFriendshipDto,
  FriendIdDto,
  FriendRequestStateParamDto,
} from './dto/catchchat-contact.dto';

/** The receiver's actions on a request CatchChat offers (Party's `withdraw` has no route there). */
export type ReceivedRequestAction = Exclude<FriendRequestAction, 'withdraw'>;

/**
 * CatchChat's friendships, friend requests and unfriend requests over Party's contact module:
 * every rule (blocks, who may act on what) is the native one.
 */
@Injectable()
export class CatchChatContactService {
  constructor(
    private readonly friendships: FriendshipService,
    private readonly requests: FriendRequestService,
    private readonly ids: CatchChatIds,
    private readonly views: CatchChatViews,
  ) {}

  async listFriendships(
    caller: UserPrincipal,
    query: PageQueryDto,
  ): Promise<CatchChatList<CatchChatFriendshipDto>> {
    return this.friendshipPage(await this.friendships.list(caller.userId, query));
  }

  async recentFriendships(
    caller: UserPrincipal,
    query: PageQueryDto,
  ): Promise<CatchChatList<CatchChatFriendshipDto>> {
    return this.friendshipPage(await this.friendships.recent(caller.userId, query));
  }

  async searchFriendships(
    caller: UserPrincipal,
    query: FriendshipSearchQueryDto,
  ): Promise<CatchChatList<CatchChatFriendshipDto>> {
    return this.friendshipPage(await this.friendships.search(caller.userId, query));
  }

  async getFriendship(caller: UserPrincipal, id: string): Promise<CatchChatFriendshipDto> {
    const uuid = await this.ids.resolve('friendship', id);
    return this.views.friendship(await this.friendships.get(caller.userId, uuid));
  }

  async getFriendshipWith(
    caller: UserPrincipal,
    friendId: string,
  ): Promise<CatchChatFriendshipDto> {
    const uuid = await this.ids.resolve('user', friendId);
    return this.views.friendship(await this.friendships.getWith(caller.userId, uuid));
  }

  async updateFriendship(
    caller: UserPrincipal,
    id: string,
    body: UpdateFriendshipDto,
  ): Promise<CatchChatFriendshipDto> {
    const uuid = await this.ids.resolve('friendship', id);
    return this.views.friendship(await this.friendships.update(caller.userId, uuid, body));
  }

  async moveFriendshipToTop(caller: UserPrincipal, id: string): Promise<CatchChatEmptyDto> {
    const uuid = await this.ids.resolve('friendship', id);
    await this.friendships.moveToTop(caller.userId, uuid);
    return {};
  }

  async listRequests(
    caller: UserPrincipal,
    side: 'received' | 'sent',
    params: FriendRequestStateParamDto,
    page: PageQueryDto,
  ): Promise<CatchChatList<CatchChatFriendRequestDto>> {
    const query = Object.assign(new FriendRequestListQueryDto(), {
      page: page.page,
      per_page: page.per_page,
      state: params.state,
    });
    const found = await this.requests.list(side, caller.userId, query);
    const views = await this.views.friendRequests(caller.userId, found.data);
    return new CatchChatList('friend_requests', Paginated.of(views, page, found.total_count));
  }

  async sendRequest(caller: UserPrincipal, body: FriendIdDto): Promise<CatchChatFriendRequestDto> {
    const friendId = await this.ids.resolveField('user', body.friend_id, 'friend_id');
    const { request } = await this.requests.send(caller.userId, { friend_id: friendId });
    return this.views.friendRequest(caller.userId, request);
  }

  async actOnRequest(
    caller: UserPrincipal,
    id: string,
    action: ReceivedRequestAction,
  ): Promise<CatchChatFriendRequestDto> {
    const uuid = await this.ids.resolve('friend_request', id);
    const request = await this.requests.act(caller.userId, uuid, action);
    return this.views.friendRequest(caller.userId, request);
  }

  /** Ends the friendship with `friend_id` on both sides, as `DELETE friendships/{id}` does. */
  async unfriend(caller: UserPrincipal, body: FriendIdDto): Promise<CatchChatEmptyDto> {
    const friendId = await this.ids.resolveField('user', body.friend_id, 'friend_id');
    const friendship = await this.friendships.getWith(caller.userId, friendId);
    await this.friendships.remove(caller.userId, friendship.id);
    return {};
  }

  private async friendshipPage(
    page: Paginated<FriendshipDto>,
  ): Promise<CatchChatList<CatchChatFriendshipDto>> {
    return new CatchChatList(
      'friendships',
      Paginated.of(await this.views.friendships(page.data), page, page.total_count),
    );
  }
}
