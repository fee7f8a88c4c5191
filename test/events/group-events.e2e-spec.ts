import { Client } from 'pg';
import { createGroup } from '../group/group-test-kit';
import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { connectSocket, drain, startCursor } from './realtime-support';

describe('group events and who may see them', () => {
  let t: TestApp;
  let owner: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let dave: TestUser;
  let stranger: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await createUser(t, { nickname: 'Owner' });
    bob = await createUser(t, { nickname: 'Bob' });
    carol = await createUser(t, { nickname: 'Carol' });
    dave = await createUser(t, { nickname: 'Dave' });
    stranger = await createUser(t, { nickname: 'Stranger' });
  });
  afterAll(() => t.close());

  const cursors = async (...users: TestUser[]) =>
    Promise.all(users.map((user) => startCursor(t, user.token)));
  const eventsOf = async (user: TestUser, cursor: string) =>
    (await drain(t, user.token, cursor)).events;
  const sendToGroup = async (from: TestUser, groupId: string, content: string, toUser?: string) => {
    const sent = await t.post(
      'messages',
      { to_group: groupId, to_user: toUser, message_type: 'text', content },
      { token: from.token },
    );
    expect(sent.status).toBe(201);
    return sent.body as { id: string; seq: number };
  };

  it('tells every member of a new group, each with his own role, and nobody else', async () => {
    const [o, b, s] = await cursors(owner, bob, stranger);
    const groupId = await createGroup(t, owner, [bob, carol], 'Hikers');
    const ownerEvents = await eventsOf(owner, o);
    const bobEvents = await eventsOf(bob, b);
    const created = (list: any[]) => list.find((e) => e.type === 'group.created');
    expect(created(ownerEvents).data).toMatchObject({
      id: groupId,
      name: 'Hikers',
      my_role: 'owner',
    });
    expect(created(bobEvents).data).toMatchObject({ id: groupId, my_role: 'member' });
    const rest = await t.get(`groups/${groupId}`, { token: bob.token });
    const { updated_at: _u, updated_at_string: _us, ...fields } = rest.body;
    expect(created(bobEvents).data).toMatchObject(fields);
    expect(bobEvents.map((e) => e.type)).toContain('message.created');
    expect(await eventsOf(stranger, s)).toEqual([]);
  });

  it('shows a member the events from his join until he leaves', async () => {
    const groupId = await createGroup(t, owner, [bob, carol]);
    const before = await sendToGroup(owner, groupId, 'before dave');
    const [d] = await cursors(dave);
    const added = await t.post(
      `groups/${groupId}/members`,
      { user_ids: [dave.id] },
      { token: owner.token },
    );
    expect(added.status).toBe(201);
    const during = await sendToGroup(owner, groupId, 'with dave');
    const [c] = await cursors(carol);
    expect(
      (await t.delete(`groups/${groupId}/members/${dave.id}`, { token: owner.token })).status,
    ).toBe(204);
    const after = await sendToGroup(owner, groupId, 'after dave');
    const daves = await eventsOf(dave, d);
    const messageIds = daves.filter((e) => e.type === 'message.created').map((e) => e.data.id);
    expect(messageIds).toContain(during.id);
    expect(messageIds).not.toContain(before.id);
    expect(messageIds).not.toContain(after.id);
    expect(daves.find((e) => e.type === 'group.member_added').data).toMatchObject({
      group_id: groupId,
      user_ids: [dave.id],
      users: [{ id: dave.id, name: 'Dave' }],
      actor: { id: owner.id },
    });
    const removed = daves.find((e) => e.type === 'group.member_removed');
    expect(removed.data).toMatchObject({ user_id: dave.id, group: { id: groupId, my_role: null } });
    expect(daves.filter((e) => e.type === 'group.member_removed')).toHaveLength(1);
    const carols = await eventsOf(carol, c);
    expect(carols.find((e) => e.type === 'group.member_removed').data.user).toMatchObject({
      id: dave.id,
    });
  });

  it('mutes a group its member blocked, and keeps group-private messages to their two people', async () => {
    const groupId = await createGroup(t, owner, [bob, carol]);
    expect(
      (await t.post(`groups/${groupId}/block`, undefined, { token: carol.token })).status,
    ).toBe(200);
    const [b, c, o] = await cursors(bob, carol, owner);
    const open = await sendToGroup(owner, groupId, 'to everyone');
    const secret = await sendToGroup(owner, groupId, 'just bob', bob.id);
    const bobs = (await eventsOf(bob, b)).map((e) => e.data.id);
    expect(bobs).toEqual(expect.arrayContaining([open.id, secret.id]));
    expect((await eventsOf(carol, c)).map((e) => e.data.id)).toEqual([]);
    expect((await eventsOf(owner, o)).map((e) => e.data.id)).toContain(secret.id);
    const [c2] = await cursors(carol);
    expect((await t.delete(`groups/${groupId}/block`, { token: carol.token })).status).toBe(200);
    const unblocked = await eventsOf(carol, c2);
    expect(unblocked.find((e) => e.type === 'group.updated').data).toMatchObject({
      id: groupId,
      blocked: false,
    });
    const again = await sendToGroup(owner, groupId, 'welcome back');
    expect((await eventsOf(carol, c2)).map((e) => e.data.id)).toContain(again.id);
  });

  it('delivers group events only to tokens with party_group, messages only with party_message', async () => {
    const narrow = await createUser(t, { scopes: ['party_user', 'party_message'] });
    const [n] = await cursors(narrow);
    const groupId = await createGroup(t, owner, [narrow, bob]);
    const types = (await eventsOf(narrow, n)).map((e) => e.type);
    expect(types).toContain('message.created');
    expect(types.some((type) => type.startsWith('group.'))).toBe(false);
    const socket = await connectSocket(t, bob.token);
    expect(
      (await t.patch(`groups/${groupId}`, { name: 'Renamed' }, { token: owner.token })).status,
    ).toBe(200);
    const renamed = await socket.waitFor((f) => f.type === 'group.updated');
    expect(renamed.data).toMatchObject({ id: groupId, name: 'Renamed', my_role: 'member' });
    await socket.close();
  });

  it('writes one event row for a message to a big group, whatever its size', async () => {
    const members: TestUser[] = [];
    for (let i = 0; i < 40; i += 1) members.push(await createUser(t));
    const groupId = await createGroup(t, owner, members);
    const message = await sendToGroup(owner, groupId, 'hello all');
    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    try {
      const rows = await db.query(
        `SELECT count(*)::int AS n, sum((SELECT count(*) FROM event_recipients r WHERE r.event_id = e.id))::int AS recipients
           FROM event_log e WHERE e.data->>'id' = $1`,
        [message.id],
      );
      expect(rows.rows[0]).toEqual({ n: 1, recipients: 0 });
    } finally {
      await db.end();
    }
  });
});
