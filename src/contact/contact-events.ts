import { PublicProfile } from '../common/people/person.dto';
import { EventDraft } from '../events/event-catalogue';
import { personRef } from '../events/event-view';
import { BlockRow, FriendshipRow, FriendshipSide } from './contact.repository';
import { friendRequestView, friendshipView } from './contact-views';
import { FriendRequestEntity } from './entities/friend-request.entity';

/*
 * The event-log drafts of the contact module. Each `data` is the object the REST route returns
 * to its reader, with people as references (each reader gets them under his own names).
 */

type FriendRequestEventType =
  | 'friend_request.created'
  | 'friend_request.accepted'
  | 'friend_request.rejected'
  | 'friend_request.withdrawn';

/** Who may see a request: its sender, and its receiver unless his block silenced it. */
function requestReaders(request: FriendRequestEntity): string[] {
  return request.silenced ? [request.fromUserId] : [request.fromUserId, request.toUserId];
}

/**
 * One event per request (as its lists show it) to those who may see it, narrowed by `only`
 * (a block tells the blocker alone).
 */
export function friendRequestDrafts(
  type: FriendRequestEventType,
  requests: readonly FriendRequestEntity[],
  only: (userId: string) => boolean = () => true,
): EventDraft[] {
  return requests.flatMap((request) => {
    const userIds = requestReaders(request).filter(only);
    if (userIds.length === 0) return [];
    const data = friendRequestView(
      request,
      personRef(request.fromUserId),
      personRef(request.toUserId),
    );
    return [{ type, audience: { userIds }, data }];
  });
}

/** The owner's friendship as `GET friendships/{id}` shows it, to him alone. */
export function friendshipDraft(
  type: 'friendship.created' | 'friendship.updated',
  row: FriendshipRow,
  friend: PublicProfile,
): EventDraft {
  return {
    type,
    audience: { userIds: [row.userId] },
    data: friendshipView(row, friend, personRef(row.friendId)),
  };
}

/** Each side hears that his own friendship is gone. */
export function friendshipRemovedDrafts(sides: readonly FriendshipSide[]): EventDraft[] {
  return sides.map((side) => ({
    type: 'friendship.removed',
    audience: { userIds: [side.userId] },
    data: { id: side.id, friend_id: side.friendId },
  }));
}

/** A block as `GET blocks` lists it, to the blocker alone. */
export function blockDraft(
  type: 'block.created' | 'block.removed',
  blockerId: string,
  block: BlockRow,
): EventDraft {
  return {
    type,
    audience: { userIds: [blockerId] },
    data: { user: personRef(block.blockedId), created_at: block.createdAt },
  };
}
