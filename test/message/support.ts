import { DataSource, EntityManager } from 'typeorm';
import {
  FriendRequestCreatedEvent,
  GroupAnnouncementUpdatedEvent,
  GroupBlockEvent,
  GroupMemberLeftEvent,
  GroupMemberRemovedEvent,
  GroupMembersAddedEvent,
  GroupRenamedEvent,
  GroupsMergedEvent,
  GroupStateEvent,
} from '../../src/common/events/domain-events';
import { ContactRepository } from '../../src/contact/contact.repository';
import { GroupRepository } from '../../src/group/group.repository';
import { ConversationMirrorListener } from '../../src/message/conversation-mirror.listener';
import { TestApp } from '../support/test-app';
import { TestUser } from '../support/fixtures';

/** An event as a test states it: the transaction is the helper's. */
type Stated<E> = Omit<E, 'tx'>;

function inTransaction<T>(t: TestApp, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return t.app.get(DataSource).transaction(work);
}

/**
 * Seeds a group the way the group module does it: its rows and its event, in one transaction,
 * straight to our listener (none of the group module's rules).
 */
export async function seedGroup(
  t: TestApp,
  owner: TestUser,
  members: TestUser[],
  name = 'Hikers',
): Promise<string> {
  return inTransaction(t, async (tx) => {
    const memberIds = members.map((m) => m.id);
    const groupId = await t.app
      .get(GroupRepository)
      .insertGroup(tx, { name, ownerId: owner.id }, memberIds);
    await mirror(t).listener.onGroupCreated({
      tx,
      groupId,
      name,
      actorId: owner.id,
      memberIds: [owner.id, ...memberIds],
    });
    return groupId;
  });
}

/**
 * The events of the group and contact modules, each sent to the listener inside a transaction
 * that also writes the fact it reports (with the group module's own SQL), as the emitters do: so
 * the copies the tests make agree with the facts, as the consistency check at close demands.
 */
export function mirror(t: TestApp) {
  const listener = t.app.get(ConversationMirrorListener);
  const groups = t.app.get(GroupRepository);
  const run = <E>(
    fact: (tx: EntityManager, event: Stated<E>) => Promise<unknown>,
    copy: (event: E) => Promise<void>,
  ) => {
    return (event: Stated<E>) =>
      inTransaction(t, async (tx) => {
        await fact(tx, event);
        await copy({ ...event, tx } as E);
      });
  };
  const nothing = () => Promise.resolve();
  const dissolve = (tx: EntityManager, groupId: string) =>
    groups.updateGroup(tx, groupId, { status: 'dissolved', dissolvedAt: new Date() });
  return {
    listener,
    onDissolved: run<GroupStateEvent>(
      (tx, e) => dissolve(tx, e.groupId),
      (e) => listener.onDissolved(e),
    ),
    onBlocked: run<GroupBlockEvent>(
      (tx, e) => groups.setBlocked(tx, e.groupId, e.userId, true),
      (e) => listener.onBlocked(e),
    ),
    onUnblocked: run<GroupBlockEvent>(
      (tx, e) => groups.setBlocked(tx, e.groupId, e.userId, false),
      (e) => listener.onUnblocked(e),
    ),
    onMemberLeft: run<GroupMemberLeftEvent>(
      (tx, e) => groups.endMembership(tx, e.groupId, e.userId, 'left'),
      (e) => listener.onMemberLeft(e),
    ),
    onMemberRemoved: run<GroupMemberRemovedEvent>(
      (tx, e) => groups.endMembership(tx, e.groupId, e.userId, 'removed'),
      (e) => listener.onMemberRemoved(e),
    ),
    onMembersAdded: run<GroupMembersAddedEvent>(
      (tx, e) => groups.addMembers(tx, e.groupId, e.userIds),
      (e) => listener.onMembersAdded(e),
    ),
    onRenamed: run<GroupRenamedEvent>(
      (tx, e) => groups.updateGroup(tx, e.groupId, { name: e.newName }),
      (e) => listener.onRenamed(e),
    ),
    onMerged: run<GroupsMergedEvent>(
      async (tx, e) => {
        await groups.addMembers(tx, e.targetGroupId, e.addedUserIds);
        await dissolve(tx, e.sourceGroupId);
      },
      (e) => listener.onMerged(e),
    ),
    onAnnouncementUpdated: run<GroupAnnouncementUpdatedEvent>(nothing, (e) =>
      listener.onAnnouncementUpdated(e),
    ),
    onFriendRequest: run<FriendRequestCreatedEvent>(nothing, (e) => listener.onFriendRequest(e)),
  };
}

export async function befriend(t: TestApp, a: TestUser, b: TestUser): Promise<void> {
  await inTransaction(t, async (tx) => {
    await t.app.get(ContactRepository).insertFriendshipPair(tx, a.id, b.id);
    await mirror(t).listener.onFriendAccepted({
      tx,
      requestId: a.id,
      fromUserId: a.id,
      toUserId: b.id,
    });
  });
}

export async function block(t: TestApp, blocker: TestUser, blocked: TestUser): Promise<void> {
  await t.app
    .get(DataSource)
    .query('INSERT INTO user_blocks (blocker_id, blocked_id) VALUES ($1, $2)', [
      blocker.id,
      blocked.id,
    ]);
}
