import { Injectable } from '@nestjs/common';
import { UserProfileDto } from '../../auth/dto/user-profile.dto';
import { label } from '../../common/i18n/label';
import { PersonDto } from '../../common/people/person.dto';
import { FriendRequestDto } from '../../contact/dto/friend-request.dto';
import { FriendshipDto } from '../../contact/dto/friendship.dto';
import { FriendRequestState } from '../../contact/entities/friend-request.entity';
import { CatchChatIds } from './catchchat-ids';
import { CatchChatFriendRequestDto, CatchChatFriendshipDto } from './dto/catchchat-contact.dto';
import { CatchChatMeDto, CatchChatUserDto } from './dto/catchchat-user.dto';
import { CatchChatMessageDto } from './dto/catchchat-message.dto';
import { MessageDto } from '../../message/dto/message.dto';
import { FriendListDto } from '../../contact/dto/friend-list.dto';
import { MayKnowPersonDto } from '../../contact/dto/may-know.dto';
import { AddressBookMatchDto } from '../../contact/dto/address-book.dto';
import { createHash } from 'node:crypto';
import {
  CatchChatGroupDto,
  CatchChatMayKnowDto,
  CatchChatRegisteredContactDto,
} from './dto/catchchat-group.dto';
import './catchchat.messages';

/** CatchChat's numeric friend-request states; `withdrawn` is Party's own (the sender took it back). */
export const FRIEND_REQUEST_STATE_NUMBERS: Record<FriendRequestState, number> = {
  pending: 1,
  accepted: 2,
  rejected: 3,
  blocked: 4,
  withdrawn: 5,
};

export type MessageState = 'unread' | 'read';

/** CatchChat's numeric message states. */
const MESSAGE_STATE_NUMBERS: Record<MessageState, number> = { unread: 2, read: 3 };

/** The national part of an E.164 number, as CatchChat shows `mobile` next to `phone_code`. */
export function nationalMobile(e164: string | null, phoneCode: string | null): string | null {
  if (e164 === null) return null;
  const prefix = `+${phoneCode ?? ''}`;
  return phoneCode !== null && e164.startsWith(prefix) ? e164.slice(prefix.length) : e164;
}

/**
 * Party's objects in CatchChat's shapes (times as `Date`s, whose `*_string` siblings the response
 * serializer writes, hence the casts to the wire DTOs): UUIDs become integer aliases, a batch at a time (one
 * statement per kind of id, never one per row).
 */
@Injectable()
export class CatchChatViews {
  constructor(private readonly ids: CatchChatIds) {}

  async me(profile: UserProfileDto): Promise<CatchChatMeDto> {
    return {
      id: await this.ids.alias('user', profile.id),
      name: profile.nickname || profile.username,
      username: profile.username,
      nickname: profile.nickname,
      phone_code: profile.phone_code,
      mobile: nationalMobile(profile.mobile, profile.phone_code),
      mobile_verified: profile.mobile !== null,
      time_zone: profile.time_zone,
      state: 1,
      state_string: label('catchchat.user.state.', 'active'),
      avatar_url: profile.avatar_url,
    };
  }

  async users(people: readonly PersonDto[]): Promise<CatchChatUserDto[]> {
    const aliases = await this.ids.aliases(
      'user',
      people.map((person) => person.id),
    );
    return people.map((person) => ({
      id: aliasOf(aliases, person.id),
      name: person.name,
      username: person.username,
      nickname: person.nickname,
      avatar_url: person.avatar_url,
    }));
  }

  async friendships(friendships: readonly FriendshipDto[]): Promise<CatchChatFriendshipDto[]> {
    const [ids, users] = await Promise.all([
      this.ids.aliases(
        'friendship',
        friendships.map((friendship) => friendship.id),
      ),
      this.ids.aliases(
        'user',
        friendships.flatMap((friendship) => [friendship.user_id, friendship.friend_id]),
      ),
    ]);
    return friendships.map((friendship) => ({
      id: aliasOf(ids, friendship.id),
      user_id: aliasOf(users, friendship.user_id),
      friend_id: aliasOf(users, friendship.friend_id),
      contact_name: friendship.contact_name,
      remarked_name: friendship.remarked_name,
      position: friendship.position,
      name: friendship.name,
      created_at: friendship.created_at,
      updated_at: friendship.updated_at,
      friend: {
        id: aliasOf(users, friendship.friend.id),
        username: friendship.friend.username,
        nickname: friendship.friend.nickname,
        avatar_url: friendship.friend.avatar_url,
      },
    })) as CatchChatFriendshipDto[];
  }

  async friendship(friendship: FriendshipDto): Promise<CatchChatFriendshipDto> {
    const [view] = await this.friendships([friendship]);
    return view;
  }

  /** Requests as `viewerId` sees them: `friend` is the other side of each. */
  async friendRequests(
    viewerId: string,
    requests: readonly FriendRequestDto[],
  ): Promise<CatchChatFriendRequestDto[]> {
    const [ids, users] = await Promise.all([
      this.ids.aliases(
        'friend_request',
        requests.map((request) => request.id),
      ),
      this.ids.aliases(
        'user',
        requests.flatMap((request) => [request.from_user.id, request.to_user.id]),
      ),
    ]);
    return requests.map((request) => {
      const friend = request.from_user.id === viewerId ? request.to_user : request.from_user;
      return {
        id: aliasOf(ids, request.id),
        user_id: aliasOf(users, request.from_user.id),
        friend_id: aliasOf(users, request.to_user.id),
        state: FRIEND_REQUEST_STATE_NUMBERS[request.state],
        state_string: request.state_string,
        created_at: request.created_at,
        updated_at: request.updated_at,
        friend: {
          id: aliasOf(users, friend.id),
          username: friend.username,
          nickname: friend.nickname,
          name: friend.name,
          avatar_url: friend.avatar_url,
        },
      } as CatchChatFriendRequestDto;
    });
  }

  /** Messages in CatchChat's shape; `stateOf` says whether each reads as read for the viewer. */
  async messages(
    messages: readonly MessageDto[],
    stateOf: (message: MessageDto) => MessageState,
  ): Promise<CatchChatMessageDto[]> {
    const [messageIds, users, groups] = await Promise.all([
      this.ids.aliases(
        'message',
        messages.flatMap((message) => [
          message.id,
          ...(message.parent_id ? [message.parent_id] : []),
        ]),
      ),
      this.ids.aliases(
        'user',
        messages.flatMap((message) => [
          ...(message.sender_id ? [message.sender_id] : []),
          ...(message.to_group === null && message.to_user ? [message.to_user] : []),
        ]),
      ),
      this.ids.aliases(
        'group',
        messages.flatMap((message) => (message.to_group ? [message.to_group] : [])),
      ),
    ]);
    return messages.map((message) => {
      const state = stateOf(message);
      const toGroup = message.to_group;
      return {
        id: aliasOf(messageIds, message.id),
        recipient_id: toGroup ? aliasOf(groups, toGroup) : aliasOf(users, message.to_user ?? ''),
        recipient_type: toGroup ? 'Group' : 'User',
        text_content: message.content,
        parent_id: message.parent_id ? aliasOf(messageIds, message.parent_id) : 0,
        longitude: message.longitude,
        latitude: message.latitude,
        battery_level: message.battery_level,
        media_type: message.message_type,
        media_type_string: label('catchchat.media_type.', message.message_type),
        state: MESSAGE_STATE_NUMBERS[state],
        state_string: label('catchchat.message.state.', state),
        created_at: message.created_at,
        updated_at: message.created_at,
        sender:
          message.sender && message.sender_id
            ? {
                id: aliasOf(users, message.sender_id),
                avatar_url: message.sender.avatar_url,
                name: message.sender.name,
              }
            : null,
        attachments: message.attachments.map((attachment) => ({
          file: { storage: 'party', expires_in: null, url: attachment.url },
          fallback_file: null,
        })),
      } as CatchChatMessageDto;
    });
  }

  /** Friend lists as CatchChat's groups of friends; `firstPosition` is the first one's rank. */
  async groups(
    ownerId: string,
    lists: readonly FriendListDto[],
    firstPosition: number,
  ): Promise<CatchChatGroupDto[]> {
    const [ids, users] = await Promise.all([
      this.ids.aliases(
        'friend_list',
        lists.map((list) => list.id),
      ),
      this.ids.aliases('user', [
        ownerId,
        ...lists.flatMap((list) => list.friendships.map((friendship) => friendship.friend_id)),
      ]),
    ]);
    return lists.map(
      (list, index) =>
        ({
          id: aliasOf(ids, list.id),
          owner_id: aliasOf(users, ownerId),
          name: list.name,
          position: firstPosition + index,
          created_at: list.created_at,
          updated_at: list.updated_at,
          friends: list.friendships.map((friendship) => ({
            id: aliasOf(users, friendship.friend_id),
            username: friendship.friend.username,
            nickname: friendship.friend.nickname,
            name: friendship.name,
            contact_name: friendship.contact_name,
            remarked_name: friendship.remarked_name,
            position: friendship.position,
            avatar_url: friendship.friend.avatar_url,
          })),
        }) as CatchChatGroupDto,
    );
  }

  /** Address-book matches; each entry's id is the alias of the (owner, number) pair. */
  async registeredContacts(
    ownerId: string,
    matches: readonly AddressBookMatchDto[],
  ): Promise<CatchChatRegisteredContactDto[]> {
    const entryIds = matches.map((match) => entryUuid(ownerId, match.number));
    const [ids, users] = await Promise.all([
      this.ids.aliases('contact', entryIds),
      this.ids.aliases(
        'user',
        matches.map((match) => match.user.id),
      ),
    ]);
    return matches.map((match, index) => ({
      id: aliasOf(ids, entryIds[index]),
      name: match.name,
      user: {
        id: aliasOf(users, match.user.id),
        username: match.user.username,
        avatar_url: match.user.avatar_url,
        nickname: match.user.nickname,
        number: match.number,
      },
    }));
  }

  async mayKnow(people: readonly MayKnowPersonDto[]): Promise<CatchChatMayKnowDto[]> {
    const users = await this.ids.aliases(
      'user',
      people.map((person) => person.id),
    );
    return people.map((person) => ({
      id: aliasOf(users, person.id),
      username: person.username,
      nickname: person.nickname,
      name: person.name,
      avatar_url: person.avatar_url,
      common_friend_names: person.common_friend_names,
    }));
  }

  async friendRequest(
    viewerId: string,
    request: FriendRequestDto,
  ): Promise<CatchChatFriendRequestDto> {
    const [view] = await this.friendRequests(viewerId, [request]);
    return view;
  }
}

/**
 * A stable UUID for an address-book entry, which Party keys by owner and number: the same number
 * in a later upload keeps its integer id.
 */
function entryUuid(ownerId: string, e164: string): string {
  const hex = createHash('sha256').update(`${ownerId}:${e164}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The alias `aliases` assigned to `uuid` (every UUID asked for gets one). */
export function aliasOf(aliases: ReadonlyMap<string, number>, uuid: string): number {
  const id = aliases.get(uuid);
  if (id === undefined) throw new Error(`No integer alias for ${uuid}`);
  return id;
}
