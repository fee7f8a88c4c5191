import { Clock } from '../../src/message/clock';
import { createAppClient, createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { befriend, mirror, seedGroup } from './support';

const HOUR = 3600 * 1000;

describe('Contact list (Inbox / Archive)', () => {
  let t: TestApp;
  let me: TestUser;
  let friend: TestUser;
  let stranger: TestUser;
  let oldStranger: TestUser;
  let other: TestUser;
  let normalGroup: string;
  let dissolvedGroup: string;
  let blockedGroup: string;
  let leftGroup: string;

  const ids = (res: { body: { data: { type: string; id: string }[] } }) =>
    res.body.data.map((entry) => `${entry.type}:${entry.id}`);
  const inbox = (user: TestUser, query: Record<string, number> = { per_page: 100 }) =>
    t.get('contact-list/inbox', { token: user.token, query });
  const archive = (user: TestUser, query: Record<string, number> = { per_page: 100 }) =>
    t.get('contact-list/archive', { token: user.token, query });
  const send = (from: TestUser, body: Record<string, unknown>) =>
    t.post('messages', body, { token: from.token });

  beforeAll(async () => {
    t = await startTestApp();
    [me, friend, stranger, oldStranger, other] = await Promise.all(
      ['Me', 'Friend', 'Stranger', 'Old', 'Other'].map((nickname) => createUser(t, { nickname })),
    );
    await befriend(t, me, friend);
    await send(oldStranger, { to_user: me.id, content: 'long ago' });
    t.app.get(Clock).advance(40 * HOUR);
    normalGroup = await seedGroup(t, other, [me, friend], 'Normal');
    dissolvedGroup = await seedGroup(t, other, [me, friend], 'Dissolved');
    blockedGroup = await seedGroup(t, other, [me, friend], 'Blocked');
    leftGroup = await seedGroup(t, other, [me, friend], 'Left');
    await mirror(t).onDissolved({ groupId: dissolvedGroup, actorId: other.id });
    await mirror(t).onBlocked({ groupId: blockedGroup, userId: me.id });
    await mirror(t).onMemberLeft({ groupId: leftGroup, userId: me.id });
    await send(stranger, { to_user: me.id, content: 'hello there' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('puts friends, normal groups and recent strangers in the Inbox', async () => {
    const res = await inbox(me);
    expect(res.status).toBe(200);
    expect(ids(res).sort()).toEqual(
      [`user:${friend.id}`, `user:${stranger.id}`, `group:${normalGroup}`].sort(),
    );
    expect(res.body).toMatchObject({ page: 1, per_page: 100, total_count: 3 });
    const entry = res.body.data.find((e: any) => e.id === stranger.id);
    expect(entry).toMatchObject({
      type: 'user',
      name: 'Stranger',
      avatar_url: null,
      unread_count: 1,
      pinned: false,
      last_message: {
        seq: 1,
        message_type: 'text',
        content: 'hello there',
        sender_id: stranger.id,
      },
    });
    expect(entry.last_contacted_at).toMatch(/Z$/);
    expect(entry.last_message.created_at).toMatch(/Z$/);
    const group = res.body.data.find((e: any) => e.id === normalGroup);
    expect(group).toMatchObject({ type: 'group', name: 'Normal', unread_count: 1 });
    expect(group.last_message.message_type).toBe('group_created');
    // Most recent activity first.
    expect(res.body.data[0].id).toBe(stranger.id);
  });

  it('adds older strangers, dissolved and blocked groups in the Archive (blocked: unread 0)', async () => {
    const res = await archive(me);
    expect(ids(res).sort()).toEqual(
      [
        `user:${friend.id}`,
        `user:${stranger.id}`,
        `user:${oldStranger.id}`,
        `group:${normalGroup}`,
        `group:${dissolvedGroup}`,
        `group:${blockedGroup}`,
      ].sort(),
    );
    const blocked = res.body.data.find((e: any) => e.id === blockedGroup);
    expect(blocked.unread_count).toBe(0);
    const unread = await t.get('messages/unread', { token: me.token, query: { per_page: 100 } });
    expect(unread.body.data.map((m: any) => m.to_group)).not.toContain(blockedGroup);
    await mirror(t).onUnblocked({ groupId: blockedGroup, userId: me.id });
    expect(ids(await inbox(me))).toContain(`group:${blockedGroup}`);
    await mirror(t).onBlocked({ groupId: blockedGroup, userId: me.id });
  });

  it('keeps a stranger in the Inbox for exactly 36 hours after the last message', async () => {
    const clock = t.app.get(Clock);
    const visitor = await createUser(t, { nickname: 'Visitor' });
    clock.freeze();
    await send(visitor, { to_user: me.id, content: 'hi' });
    clock.advance(36 * HOUR);
    expect(ids(await inbox(me))).toContain(`user:${visitor.id}`);
    clock.advance(1);
    expect(ids(await inbox(me))).not.toContain(`user:${visitor.id}`);
    expect(ids(await archive(me))).toContain(`user:${visitor.id}`);
    // A new message brings him back; a friend never leaves.
    await send(me, { to_user: visitor.id, content: 'sorry, late' });
    expect(ids(await inbox(me))).toContain(`user:${visitor.id}`);
    clock.advance(100 * HOUR);
    clock.reset();
    clock.advance(200 * HOUR);
    const later = ids(await inbox(me));
    expect(later).toContain(`user:${friend.id}`);
    expect(later).not.toContain(`user:${visitor.id}`);
  });

  it("shows a group-private message as the group's last message to its sender and target only", async () => {
    const entryOf = async (user: TestUser, groupId: string) =>
      (await archive(user)).body.data.find((e: any) => e.id === groupId);
    const group = await seedGroup(t, other, [me, friend], 'Whispers');
    expect((await send(other, { to_group: group, content: 'hello all' })).status).toBe(201);
    t.app.get(Clock).advance(1000);
    const whisper = await send(me, { to_group: group, to_user: other.id, content: 'psst' });
    expect(whisper.status).toBe(201);
    for (const insider of [me, other]) {
      const entry = await entryOf(insider, group);
      expect(entry.last_message).toMatchObject({ id: whisper.body.id, content: 'psst' });
      expect(entry.last_contacted_at).toBe(whisper.body.created_at);
    }
    const outsiderView = await entryOf(friend, group);
    expect(outsiderView.last_message).toMatchObject({ content: 'hello all' });
    t.app.get(Clock).advance(1000);
    const after = await send(friend, { to_group: group, content: 'back to all' });
    for (const member of [me, other, friend]) {
      expect((await entryOf(member, group)).last_message.id).toBe(after.body.id);
    }
  });

  it('pins entries first and unpins them', async () => {
    const pin = await t.post(`contact-list/user/${oldStranger.id}/pin`, undefined, {
      token: me.token,
    });
    expect(pin.status).toBe(200);
    expect(pin.body).toMatchObject({ type: 'user', id: oldStranger.id, pinned: true });
    await t.post(`contact-list/group/${dissolvedGroup}/pin`, undefined, { token: me.token });
    const res = await archive(me);
    expect(ids(res).slice(0, 2)).toEqual([`group:${dissolvedGroup}`, `user:${oldStranger.id}`]);
    const unpin = await t.delete(`contact-list/user/${oldStranger.id}/pin`, { token: me.token });
    expect(unpin.body.pinned).toBe(false);
    expect(ids(await archive(me))[0]).toBe(`group:${dissolvedGroup}`);
    expect(
      (await t.post(`contact-list/group/${leftGroup}/pin`, undefined, { token: me.token })).status,
    ).toBe(404);
  });

  it('shows a pinned person you never talked to on your side only', async () => {
    const nobody = await createUser(t, { nickname: 'Nobody' });
    const pin = await t.post(`contact-list/user/${nobody.id}/pin`, undefined, { token: me.token });
    expect(pin.status).toBe(200);
    expect(pin.body).toMatchObject({ type: 'user', id: nobody.id, pinned: true, unread_count: 0 });
    expect(ids(await archive(me))).toContain(`user:${nobody.id}`);
    expect(ids(await archive(nobody))).not.toContain(`user:${me.id}`);
    expect(ids(await inbox(nobody))).not.toContain(`user:${me.id}`);

    const unpin = await t.delete(`contact-list/user/${nobody.id}/pin`, { token: me.token });
    expect(unpin.status).toBe(200);
    expect(unpin.body).toMatchObject({ type: 'user', id: nobody.id, pinned: false });
    expect(ids(await archive(me))).not.toContain(`user:${nobody.id}`);
  });

  it('clears the red dot for a contact and never moves the cursor back', async () => {
    await send(friend, { to_user: me.id, content: 'one' });
    await send(friend, { to_user: me.id, content: 'two' });
    const before = (await inbox(me)).body.data.find((e: any) => e.id === friend.id);
    expect(before.unread_count).toBe(3); // friend_accepted + two
    const read = await t.post(`contact-list/user/${friend.id}/read`, undefined, {
      token: me.token,
    });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ unread_count: 0, last_read_seq: 3 });
    const after = (await inbox(me)).body.data.find((e: any) => e.id === friend.id);
    expect(after.unread_count).toBe(0);
    const group = await t.post(`contact-list/group/${normalGroup}/read`, undefined, {
      token: me.token,
    });
    expect(group.body.unread_count).toBe(0);
    const none = await t.post(`contact-list/user/${other.id}/read`, undefined, { token: me.token });
    expect(none.body).toMatchObject({ conversation_id: null, unread_count: 0 });
  });

  it('paginates with the list envelope and headers', async () => {
    const res = await archive(me, { per_page: 2, page: 2 });
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(2);
    expect(res.headers.get('x-total-count')).toBe(String(res.body.total_count));
    expect(res.headers.get('link')).toContain('rel="next"');
    expect((await archive(me, { per_page: 101 })).status).toBe(400);
    expect((await archive(me, { page: 0 })).status).toBe(400);
  });

  it('needs party_contact and hides groups you are not in', async () => {
    expect((await t.get('contact-list/inbox')).status).toBe(401);
    const narrow = await createUser(t, { scopes: ['party_message'] });
    const res = await t.get('contact-list/inbox', { token: narrow.token });
    expect([res.status, res.body.code]).toEqual([403, 'insufficient_scope']);
    const outsider = await createUser(t);
    expect(
      (await t.post(`contact-list/group/${normalGroup}/read`, undefined, { token: outsider.token }))
        .status,
    ).toBe(404);
    expect(
      (
        await t.post(`contact-list/user/00000000-0000-4000-8000-000000000000/pin`, undefined, {
          token: me.token,
        })
      ).status,
    ).toBe(404);
    expect(
      (await t.post(`contact-list/planet/${me.id}/pin`, undefined, { token: outsider.token }))
        .status,
    ).toBe(404);
    const app = await createAppClient(t, { scopes: ['party_contact'] });
    expect((await t.get('contact-list/inbox', { token: app.token })).status).toBe(403);
  });
});
