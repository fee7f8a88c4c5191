import { DataSource } from 'typeorm';
import { ConversationMirrorListener } from '../../src/message/conversation-mirror.listener';
import { TestApp } from '../support/test-app';
import { TestUser } from '../support/fixtures';

/** Seeds a group the way the group module announces it (its event, straight to our listener). */
export async function seedGroup(
  t: TestApp,
  owner: TestUser,
  members: TestUser[],
  name = 'Hikers',
): Promise<string> {
  const rows: { id: string }[] = await t.app
    .get(DataSource)
    .query('SELECT gen_random_uuid() AS id');
  const groupId = rows[0].id;
  await t.app.get(ConversationMirrorListener).onGroupCreated({
    groupId,
    name,
    actorId: owner.id,
    memberIds: [owner.id, ...members.map((m) => m.id)],
  });
  return groupId;
}

export function mirror(t: TestApp): ConversationMirrorListener {
  return t.app.get(ConversationMirrorListener);
}

export async function befriend(t: TestApp, a: TestUser, b: TestUser): Promise<void> {
  await t.app
    .get(DataSource)
    .query(
      `INSERT INTO friendships (user_id, friend_id) VALUES ($1, $2), ($2, $1) ON CONFLICT DO NOTHING`,
      [a.id, b.id],
    );
  await mirror(t).onFriendAccepted({ requestId: a.id, fromUserId: a.id, toUserId: b.id });
}

export async function block(t: TestApp, blocker: TestUser, blocked: TestUser): Promise<void> {
  await t.app
    .get(DataSource)
    .query('INSERT INTO user_blocks (blocker_id, blocked_id) VALUES ($1, $2)', [
      blocker.id,
      blocked.id,
    ]);
}
