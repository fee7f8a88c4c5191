import { Injectable } from '@nestjs/common';
import { UserService } from '../auth/user.service';
import { Locale } from '../common/i18n/locale';
import { translate } from '../common/i18n/messages';
import { toPerson } from '../common/people/person.dto';
import './contact.messages';
import { FriendshipRow } from './contact.repository';
import { ContactService } from './contact.service';
import { FriendRequestDto } from './dto/friend-request.dto';
import { FriendshipDto } from './dto/friendship.dto';
import { FriendRequestEntity } from './entities/friend-request.entity';

/** Builds response objects for many rows at once: one profile query per batch, never per row. */
@Injectable()
export class ContactViews {
  constructor(
    private readonly users: UserService,
    private readonly contacts: ContactService,
  ) {}

  async friendRequests(
    viewerId: string,
    requests: readonly FriendRequestEntity[],
    locale: Locale,
  ): Promise<FriendRequestDto[]> {
    const people = await this.contacts.describePeople(
      viewerId,
      requests.flatMap((r) => [r.fromUserId, r.toUserId]),
    );
    return requests.flatMap((request) => {
      const from = people.get(request.fromUserId);
      const to = people.get(request.toUserId);
      if (!from || !to) return [];
      return [
        {
          id: request.id,
          from_user: from,
          to_user: to,
          message: request.message,
          state: request.state,
          state_string: translate(`friend_request.state.${request.state}`, locale) ?? request.state,
          created_at: request.createdAt,
          updated_at: request.updatedAt,
        } as FriendRequestDto,
      ];
    });
  }

  async friendRequest(
    viewerId: string,
    request: FriendRequestEntity,
    locale: Locale,
  ): Promise<FriendRequestDto> {
    const [dto] = await this.friendRequests(viewerId, [request], locale);
    return dto;
  }

  /** Friendship objects; `name` and `friend.name` apply the owner's own names for his friend. */
  async friendships(rows: readonly FriendshipRow[]): Promise<FriendshipDto[]> {
    const profiles = await this.users.profilesByIds(rows.map((row) => row.friendId));
    return rows.flatMap((row) => {
      const profile = profiles.get(row.friendId);
      if (!profile) return [];
      const friend = toPerson(profile, row);
      return [
        {
          id: row.id,
          friend,
          remarked_name: row.remarkedName,
          contact_name: row.contactName,
          name: friend.name,
          position: row.position,
          last_contacted_at: row.lastContactedAt,
          created_at: row.createdAt,
          updated_at: row.updatedAt,
        } as FriendshipDto,
      ];
    });
  }
}
