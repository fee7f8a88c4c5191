import { DataSource } from 'typeorm';
import { createAppClient } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { createGroup, users } from '../group/group-test-kit';
import { Receiver, startReceiver } from './receiver';

describe("A system app's webhook", () => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  it("hears every user's group events, each member's own view, within his membership window", async () => {
    const system = await createAppClient(t, {
      scopes: ['party_admin', 'party_group', 'party_message'],
      system: true,
    });
    // System apps have no owner: the operator CLI registers their endpoints (tested with kill -9).
    await t.app.get(DataSource).query(
      `INSERT INTO webhooks (app_id, url, events, secret)
         VALUES ($1, $2, ARRAY['group.created', 'message.created'], 'whsec_0123456789abcdef')`,
      [system.appId, receiver.url],
    );
    const [owner, ann, ben, late] = await users(t, 4);
    const groupId = await createGroup(t, owner, [ann, ben], 'Book club');
    const created = await receiver.waitFor(3, (r) => r.body?.type === 'group.created');
    expect(created.map((r) => r.body.user_id).sort()).toEqual([owner.id, ann.id, ben.id].sort());
    const ownView = created.find((r) => r.body.user_id === owner.id)!;
    const annView = created.find((r) => r.body.user_id === ann.id)!;
    expect(ownView.body.data).toMatchObject({ id: groupId, my_role: 'owner' });
    expect(annView.body.data).toMatchObject({ id: groupId, my_role: 'member' });

    const before = await t.post(
      'messages',
      { to_group: groupId, message_type: 'text', content: 'before the late one' },
      { token: ann.token },
    );
    expect(before.status).toBe(201);
    const added = await t.post(
      `groups/${groupId}/members`,
      { user_ids: [late.id] },
      { token: owner.token },
    );
    expect(added.status).toBeLessThan(300);
    await t.post(
      'messages',
      { to_group: groupId, message_type: 'text', content: 'after the late one' },
      { token: ben.token },
    );
    const after = await receiver.waitFor(
      4,
      (r) => r.body?.type === 'message.created' && r.body.data.content === 'after the late one',
    );
    expect(after.map((r) => r.body.user_id).sort()).toEqual(
      [owner.id, ann.id, ben.id, late.id].sort(),
    );
    const earlier = receiver.received.filter(
      (r) => r.body?.type === 'message.created' && r.body.data.content === 'before the late one',
    );
    expect(earlier.map((r) => r.body.user_id).sort()).toEqual([owner.id, ann.id, ben.id].sort());
  });
});
