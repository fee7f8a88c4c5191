import { Injectable } from '@nestjs/common';
import { UserService } from '../auth/user.service';
import { label } from '../common/i18n/label';
import { PublicProfile, toPerson } from '../common/people/person.dto';
import './contact.messages';
import { FriendshipRow } from './contact.repository';
import { ContactService } from './contact.service';
import { FriendRequestDto } from './dto/friend-request.dto';
import { FriendshipDto } from './dto/friendship.dto';
import { FriendRequestEntity } from './entities/friend-request.entity';

/**
 * A request as its lists show it, with `from_user` / `to_user` as given: the viewer's person
 * objects for a response, references for an event (each reader gets his own view).
 */
export function friendRequestView<P>(request: FriendRequestEntity, from: P, to: P) {
  return {
    id: request.id,
    from_user: from,
    to_user: to,
    message: request.message,
    state: request.state,
    state_string: label('friend_request.state.', request.state),
    created_at: request.createdAt,
    updated_at: request.updatedAt,
  };
}

/**
 * A friendship as its owner sees it, with `friend` as given (his person object, or a reference
 * for an event); `name` applies the owner's own names for his friend.
 */
export function friendshipView<P>(row: FriendshipRow, profile: PublicProfile, friend: P) {
  return {
    id: row.id,
    user_id: row.userId,
    friend_id: row.friendId,
    friend,
    remarked_name: row.remarkedName,
    contact_name: row.contactName,
    name: toPerson(profile, row).name,
    position: row.position,
    last_contacted_at: row.lastContactedAt,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

/** The friendship object its owner reads (his names for his friend applied). */
export function friendshipDto(row: FriendshipRow, profile: PublicProfile): FriendshipDto {
  return friendshipView(row, profile, toPerson(profile, row)) as FriendshipDto;
}

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
  ): Promise<FriendRequestDto[]> {
    const people = await this.contacts.describePeople(
      viewerId,
      requests.flatMap((r) => [r.fromUserId, r.toUserId]),
    );
    return requests.flatMap((request) => {
      const from = people.get(request.fromUserId);
      const to = people.get(request.toUserId);
      if (!from || !to) return [];
      return [friendRequestView(request, from, to) as FriendRequestDto];
    });
  }

  async friendRequest(viewerId: string, request: FriendRequestEntity): Promise<FriendRequestDto> {
    const [dto] = await this.friendRequests(viewerId, [request]);
    return dto;
  }

  /** Friendship objects; `name` and `friend.name` apply the owner's own names for his friend. */
  async friendships(rows: readonly FriendshipRow[]): Promise<FriendshipDto[]> {
    const profiles = await this.users.profilesByIds(rows.map((row) => row.friendId));
    return rows.flatMap((row) => {
      const profile = profiles.get(row.friendId);
      if (!profile) return [];
      return [friendshipDto(row, profile)];
    });
  }
}
