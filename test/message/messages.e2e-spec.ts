import {
  DuplicateClientMessageError,
  MessageRepository,
} from '../../src/message/message.repository';
import { MessageService } from '../../src/message/message.service';
import { createAppClient, createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { friendshipWith } from '../contact/contact-test-kit';
import { befriend, block, mirror, seedGroup } from './support';

describe('Messages', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let dave: TestUser;
  let groupId: string;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await createUser(t, { nickname: 'Alice' });
    bob = await createUser(t, { nickname: 'Bob' });
    carol = await createUser(t, { nickname: 'Carol' });
    dave = await createUser(t, { nickname: 'Dave' });
    groupId = await seedGroup(t, alice, [bob, carol]);
  });
  afterAll(async () => {
    await t.close();
  });

  const send = (from: TestUser, body: Record<string, unknown>) =>
    t.post('messages', body, { token: from.token });
  const history = (
    viewer: TestUser,
    peer: string,
    query: Record<string, number | undefined> = {},
  ) => t.get(`conversations/${peer}/messages`, { token: viewer.token, query });
  const unreadIn = async (viewer: TestUser, kind: 'user' | 'group', id: string) => {
    const res = await t.get('contact-list/archive', {
      token: viewer.token,
      query: { per_page: 100 },
    });
    return res.body.data.find((entry: any) => entry.type === kind && entry.id === id)?.unread_count;
  };

  describe('private messages', () => {
    it('sends a text that both sides see in their history', async () => {
      const res = await send(alice, { to_user: bob.id, content: 'hi Bob', battery_level: 70 });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        seq: 1,
        message_type: 'text',
        content: 'hi Bob',
        sender_id: alice.id,
        to_user: bob.id,
        to_group: null,
        recipient_type: 'private',
        battery_level: 70,
        attachments: [],
        parent_id: null,
        details: null,
      });
      expect(res.body.sender).toMatchObject({ id: alice.id, nickname: 'Alice', name: 'Alice' });
      expect(res.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(typeof res.body.created_at_string).toBe('string');
      const seen = await history(bob, `user/${alice.id}`);
      expect(seen.status).toBe(200);
      expect(seen.body.data.map((m: any) => m.content)).toEqual(['hi Bob']);
      expect(seen.body).toMatchObject({
        has_more: false,
        next_before_seq: null,
        next_after_seq: null,
      });
      const own = await history(alice, `user/${bob.id}`);
      expect(own.body.data[0].id).toBe(res.body.id);
    });

    it('accepts form bodies, defaults battery_level to 50 and takes location messages', async () => {
      const form = new URLSearchParams({ to_user: bob.id, content: 'form', battery_level: '9' });
      const res = await t.post('messages', form, { token: alice.token });
      expect(res.status).toBe(201);
      expect(res.body.battery_level).toBe(9);
      const loc = await send(alice, {
        to_user: bob.id,
        message_type: 'location',
        longitude: 122.692612,
        latitude: 30.19902,
      });
      expect(loc.status).toBe(201);
      expect(loc.body).toMatchObject({
        longitude: 122.692612,
        latitude: 30.19902,
        battery_level: 50,
      });
      expect(loc.body.content).toBeNull();
    });

    it('refuses bad input with a 400 naming the field, and stores nothing', async () => {
      const before = (await history(bob, `user/${alice.id}`, { limit: 100 })).body.data.length;
      const cases: [Record<string, unknown>, string][] = [
        [{ content: 'nobody' }, 'to_user'],
        [{ to_user: bob.id }, 'content'],
        [{ to_user: bob.id, content: '   ' }, 'content'],
        [{ to_user: bob.id, content: 'x'.repeat(5001) }, 'content'],
        [{ to_user: bob.id, content: 'x', battery_level: 101 }, 'battery_level'],
        [{ to_user: bob.id, content: 'x', longitude: 181 }, 'longitude'],
        [{ to_user: bob.id, content: 'x', latitude: -91 }, 'latitude'],
        [{ to_user: bob.id, message_type: 'location', longitude: 1 }, 'latitude'],
        [{ to_user: bob.id, message_type: 'image' }, 'attachment_ids'],
        [{ to_user: bob.id, message_type: 'sticker', content: 'x' }, 'message_type'],
        [{ to_user: 'nope', content: 'x' }, 'to_user'],
        [{ to_user: bob.id, content: 'x', extra: 1 }, 'extra'],
      ];
      for (const [body, field] of cases) {
        const res = await send(alice, body);
        expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
        expect(res.body.details.map((d: any) => d.field)).toContain(field);
      }
      expect((await history(bob, `user/${alice.id}`, { limit: 100 })).body.data.length).toBe(
        before,
      );
    });

    it('answers an object where a number belongs with a 400 naming the field, never a 500', async () => {
      const before = (await history(bob, `user/${alice.id}`, { limit: 100 })).body.data.length;
      for (const field of ['longitude', 'latitude', 'battery_level']) {
        for (const value of [{ toString: 'x' }, {}, [{ toString: 'x' }]]) {
          const res = await send(alice, {
            to_user: bob.id,
            message_type: 'location',
            longitude: 1,
            latitude: 1,
            [field]: value,
          });
          expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
          expect(res.body.details.map((d: any) => d.field)).toEqual([field]);
        }
      }
      const query = await t.get(`conversations/user/${alice.id}/messages`, {
        token: bob.token,
        query: { limit: 'x' },
      });
      expect([query.status, query.body.details[0]?.field]).toEqual([400, 'limit']);
      expect((await history(bob, `user/${alice.id}`, { limit: 100 })).body.data.length).toBe(
        before,
      );
    });

    it('counts the 5,000-character limit in code points', async () => {
      const res = await send(alice, { to_user: bob.id, content: '😀'.repeat(5000) });
      expect(res.status).toBe(201);
    });

    it('refuses unknown users, yourself, and someone who blocked you (without saying why)', async () => {
      const unknown = await send(alice, {
        to_user: '00000000-0000-4000-8000-000000000000',
        content: 'x',
      });
      expect([unknown.status, unknown.body.code]).toEqual([422, 'unknown_reference']);
      const self = await send(alice, { to_user: alice.id, content: 'x' });
      expect([self.status, self.body.code]).toEqual([422, 'not_addable']);
      await block(t, dave, alice);
      const blocked = await send(alice, { to_user: dave.id, content: 'x' });
      expect([blocked.status, blocked.body.code]).toEqual([422, 'not_addable']);
      expect(blocked.body.error).not.toMatch(/block/i);
      expect((await history(dave, `user/${alice.id}`)).body.data).toEqual([]);
    });

    it('replies only to a message of the same conversation', async () => {
      const parent = await send(bob, { to_user: alice.id, content: 'question?' });
      const reply = await send(alice, {
        to_user: bob.id,
        content: 'answer',
        parent_id: parent.body.id,
      });
      expect(reply.status).toBe(201);
      expect(reply.body.parent_id).toBe(parent.body.id);
      const elsewhere = await send(carol, {
        to_user: bob.id,
        content: 'x',
        parent_id: parent.body.id,
      });
      expect([elsewhere.status, elsewhere.body.code]).toEqual([422, 'unknown_reference']);
      expect(elsewhere.body.details[0].field).toBe('parent_id');
    });
  });

  describe('idempotency', () => {
    it('returns the original message with 200 when client_msg_id repeats', async () => {
      const body = { to_user: carol.id, content: 'once', client_msg_id: 'retry-1' };
      const first = await send(alice, body);
      const again = await send(alice, body);
      expect(first.status).toBe(201);
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      // Another sender may use the same client id.
      expect((await send(bob, { ...body, to_user: alice.id })).status).toBe(201);
    });

    it('rolls the whole send back when the unique index catches a repeat', async () => {
      const repository = t.app.get(MessageRepository);
      const first = await send(bob, { to_user: dave.id, content: 'race', client_msg_id: 'race-1' });
      const fields = {
        senderId: bob.id,
        messageType: 'text',
        content: 'race',
        clientMsgId: 'race-1',
        createdAt: new Date(),
      };
      await expect(
        repository.transaction((manager) => repository.storeDirect(manager, [dave.id], fields)),
      ).rejects.toBeInstanceOf(DuplicateClientMessageError);
      const next = await send(bob, { to_user: dave.id, content: 'next' });
      expect(next.body.seq).toBe(first.body.seq + 1);
      const entry = (await t.get('contact-list/archive', { token: dave.token })).body.data.find(
        (e: any) => e.id === bob.id,
      );
      expect(entry.last_message).toMatchObject({ id: next.body.id, seq: next.body.seq });
    });

    it('stores one message for 10 concurrent identical sends', async () => {
      const body = { to_user: carol.id, content: 'burst', client_msg_id: 'burst-1' };
      const results = await Promise.all(Array.from({ length: 10 }, () => send(alice, body)));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 200, 200, 200, 200, 200, 200, 200, 200, 200].sort());
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      const seen = await history(carol, `user/${alice.id}`, { limit: 100 });
      expect(seen.body.data.filter((m: any) => m.content === 'burst')).toHaveLength(1);
      const seqs = seen.body.data.map((m: any) => m.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
      expect(seqs[0]).toBe(seqs.length); // no gaps left by the refused repeats
    });
  });

  describe('group messages', () => {
    it('sends to the group; refuses outsiders, unknown and dissolved groups', async () => {
      const res = await send(bob, { to_group: groupId, content: 'hello all' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ to_group: groupId, to_user: null, recipient_type: 'group' });
      const seen = await history(carol, `group/${groupId}`);
      expect(seen.body.data[0].content).toBe('hello all');
      expect(seen.body.data.at(-1).message_type).toBe('group_created');
      expect(seen.body.data.at(-1).details).toMatchObject({ actor_id: alice.id, name: 'Hikers' });

      const outsider = await send(dave, { to_group: groupId, content: 'x' });
      expect([outsider.status, outsider.body.code]).toEqual([422, 'not_addable']);
      expect((await history(dave, `group/${groupId}`)).status).toBe(404);
      const unknown = await send(alice, {
        to_group: '00000000-0000-4000-8000-000000000000',
        content: 'x',
      });
      expect([unknown.status, unknown.body.code]).toEqual([422, 'unknown_reference']);

      const other = await seedGroup(t, alice, [bob, carol], 'Gone');
      await mirror(t).onDissolved({ groupId: other, actorId: alice.id });
      const dissolved = await send(bob, { to_group: other, content: 'x' });
      expect([dissolved.status, dissolved.body.code]).toEqual([409, 'group_dissolved']);
    });

    it("keeps group-private messages between the two and out of others' unread counts", async () => {
      await t.post(`contact-list/group/${groupId}/read`, undefined, { token: carol.token });
      await t.post(`contact-list/group/${groupId}/read`, undefined, { token: bob.token });
      const secret = await send(alice, { to_group: groupId, to_user: bob.id, content: 'psst' });
      expect(secret.status).toBe(201);
      expect(secret.body).toMatchObject({ recipient_type: 'group_private', to_user: bob.id });
      const open = await send(alice, { to_group: groupId, content: 'public' });

      expect(await unreadIn(carol, 'group', groupId)).toBe(1);
      expect(await unreadIn(bob, 'group', groupId)).toBe(2);
      expect(await unreadIn(alice, 'group', groupId)).toBe(0);
      const carolSees = (await history(carol, `group/${groupId}`)).body.data.map((m: any) => m.id);
      expect(carolSees).toContain(open.body.id);
      expect(carolSees).not.toContain(secret.body.id);
      expect((await t.get(`messages/${secret.body.id}`, { token: carol.token })).status).toBe(404);
      expect((await t.get(`messages/${secret.body.id}`, { token: bob.token })).status).toBe(200);
      const carolUnread = await t.get('messages/unread', { token: carol.token });
      expect(carolUnread.body.data.map((m: any) => m.id)).not.toContain(secret.body.id);
      // The contact list shows the last public message, never the private one.
      const entry = (await t.get('contact-list/inbox', { token: carol.token })).body.data.find(
        (e: any) => e.id === groupId,
      );
      expect(entry.last_message).toMatchObject({ id: open.body.id, content: 'public' });

      const notMember = await send(alice, { to_group: groupId, to_user: dave.id, content: 'x' });
      expect([notMember.status, notMember.body.code]).toEqual([422, 'not_addable']);
    });

    it('shows a late joiner history from his joining on, and a leaver up to his leaving', async () => {
      await mirror(t).onMembersAdded({ groupId, actorId: alice.id, userIds: [dave.id] });
      const seen = (await history(dave, `group/${groupId}`)).body.data;
      expect(seen.map((m: any) => m.message_type)).toEqual(['member_added']);
      expect(seen[0].details).toEqual({ actor_id: alice.id, user_ids: [dave.id] });
      await send(bob, { to_group: groupId, content: 'welcome Dave' });
      await mirror(t).onMemberLeft({ groupId, userId: dave.id });
      await send(bob, { to_group: groupId, content: 'after Dave' });
      const after = (await history(dave, `group/${groupId}`)).body.data.map((m: any) => m.content);
      expect(after).toContain('welcome Dave');
      expect(after).not.toContain('after Dave');
      const refused = await send(dave, { to_group: groupId, content: 'x' });
      expect(refused.status).toBe(422);
    });

    it('writes system messages with the actor and details as fields', async () => {
      await mirror(t).onRenamed({
        groupId,
        actorId: alice.id,
        oldName: 'Hikers',
        newName: 'Climbers',
      });
      const last = (await history(bob, `group/${groupId}`, { limit: 1 })).body.data[0];
      expect(last).toMatchObject({
        message_type: 'group_renamed',
        sender_id: alice.id,
        details: { actor_id: alice.id, old_name: 'Hikers', new_name: 'Climbers' },
      });
      await mirror(t).onFriendRequest({
        requestId: alice.id,
        fromUserId: carol.id,
        toUserId: dave.id,
        message: 'be my friend',
        silenced: false,
      });
      const request = (await history(dave, `user/${carol.id}`)).body.data[0];
      expect(request).toMatchObject({ message_type: 'friend_request', content: 'be my friend' });
      await mirror(t).onFriendRequest({
        requestId: bob.id,
        fromUserId: alice.id,
        toUserId: dave.id,
        message: null,
        silenced: true,
      });
      expect((await history(dave, `user/${alice.id}`)).body.data).toEqual([]);
    });

    it('follows removals, merges and announcements', async () => {
      const [o, m1, m2, x1] = await Promise.all([
        createUser(t),
        createUser(t),
        createUser(t),
        createUser(t),
      ]);
      const target = await seedGroup(t, o, [m1, m2], 'Target');
      const source = await seedGroup(t, o, [x1, m1], 'Source');
      await mirror(t).onMemberRemoved({ groupId: target, actorId: o.id, userId: m2.id });
      await send(o, { to_group: target, content: 'after removal' });
      const removedSees = (await history(m2, `group/${target}`)).body.data;
      expect(removedSees[0]).toMatchObject({
        message_type: 'member_removed',
        details: { actor_id: o.id, user_id: m2.id },
      });
      expect(removedSees.map((m: any) => m.content)).not.toContain('after removal');
      expect(await unreadIn(m2, 'group', target)).toBeUndefined(); // no longer listed

      await mirror(t).onMerged({
        sourceGroupId: source,
        targetGroupId: target,
        actorId: o.id,
        addedUserIds: [x1.id],
      });
      const joined = (await history(x1, `group/${target}`)).body.data;
      expect(joined.map((m: any) => m.message_type)).toEqual(['groups_merged']);
      expect(joined[0].details).toMatchObject({ source_group_id: source, user_ids: [x1.id] });
      const refused = await send(x1, { to_group: source, content: 'x' });
      expect([refused.status, refused.body.code]).toEqual([409, 'group_dissolved']);
      const inbox = await t.get('contact-list/inbox', { token: x1.token });
      expect(inbox.body.data.map((e: any) => e.id)).toEqual([target]);

      await mirror(t).onAnnouncementUpdated({
        groupId: target,
        actorId: o.id,
        announcement: 'Be nice',
      });
      const last = (await history(m1, `group/${target}`, { limit: 1 })).body.data[0];
      expect(last).toMatchObject({ message_type: 'announcement_updated', content: 'Be nice' });
    });

    it('posts app notifications into the group for the notify module', async () => {
      const posted = await t.app.get(MessageService).postGroupNotification(
        groupId,
        {
          title: 'Build passed',
          content: 'All green',
          payload: { url: 'https://ci.example.com/1' },
        },
        async (manager, message) =>
          (await manager.query('SELECT seq FROM messages WHERE id = $1', [message.id]))[0].seq,
      );
      expect(posted.recorded).toBe(posted.seq);
      const last = (await history(carol, `group/${groupId}`, { limit: 1 })).body.data[0];
      expect(last).toMatchObject({
        id: posted.id,
        seq: posted.seq,
        message_type: 'notification',
        sender_id: null,
        sender: null,
        content: 'All green',
        details: { title: 'Build passed', url: 'https://ci.example.com/1' },
      });
    });

    it('writes no notification message when the caller cannot record it', async () => {
      const before = (await history(carol, `group/${groupId}`, { limit: 1 })).body.data[0];
      await expect(
        t.app
          .get(MessageService)
          .postGroupNotification(
            groupId,
            { title: 'Lost', content: 'never seen', payload: {} },
            () => Promise.reject(new Error('recording failed')),
          ),
      ).rejects.toThrow('recording failed');
      const after = (await history(carol, `group/${groupId}`, { limit: 1 })).body.data[0];
      expect(after.id).toBe(before.id);
    });
  });

  describe('history paging', () => {
    it("moves the sender's own cursors past what he sends, not the receiver's", async () => {
      const zoe = await createUser(t);
      const first = await send(alice, { to_user: zoe.id, content: 'one' });
      const second = await send(alice, { to_user: zoe.id, content: 'two' });
      // Marking an older message never moves a cursor back, so the answer shows where it is.
      const mine = await t.post(`messages/${first.body.id}/delivered`, undefined, {
        token: alice.token,
      });
      expect(mine.body).toMatchObject({
        last_read_seq: second.body.seq,
        last_delivered_seq: second.body.seq,
      });
      const theirs = await t.post(`messages/${first.body.id}/delivered`, undefined, {
        token: zoe.token,
      });
      expect(theirs.body).toMatchObject({
        last_read_seq: 0,
        last_delivered_seq: first.body.seq,
        unread_count: 2,
      });
    });

    it('pages back by before_seq and forward by after_seq, newest first', async () => {
      const eve = await createUser(t);
      for (let i = 1; i <= 5; i += 1) await send(eve, { to_user: alice.id, content: `m${i}` });
      const first = await history(alice, `user/${eve.id}`, { limit: 2 });
      expect(first.body.data.map((m: any) => m.content)).toEqual(['m5', 'm4']);
      expect(first.body).toMatchObject({
        has_more: true,
        next_before_seq: 4,
        next_after_seq: null,
      });
      const second = await history(alice, `user/${eve.id}`, { limit: 2, before_seq: 4 });
      expect(second.body.data.map((m: any) => m.content)).toEqual(['m3', 'm2']);
      const last = await history(alice, `user/${eve.id}`, { limit: 2, before_seq: 2 });
      expect(last.body).toMatchObject({ has_more: false, next_before_seq: null });
      const forward = await history(alice, `user/${eve.id}`, { limit: 2, after_seq: 1 });
      expect(forward.body.data.map((m: any) => m.content)).toEqual(['m3', 'm2']);
      expect(forward.body).toMatchObject({
        has_more: true,
        next_before_seq: null,
        next_after_seq: 3,
      });
      for (const query of [{ limit: 101 }, { limit: 0 }, { before_seq: 0 }]) {
        expect((await history(alice, `user/${eve.id}`, query)).status).toBe(400);
      }
      expect(
        (await t.get(`conversations/planet/${eve.id}/messages`, { token: alice.token })).status,
      ).toBe(404);
      expect((await history(alice, 'user/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    });
  });

  describe('unread, cursors and receipts', () => {
    it('lists unread messages and moves the read cursor forward only', async () => {
      const frank = await createUser(t);
      const m1 = await send(frank, { to_user: bob.id, content: 'one' });
      const m2 = await send(frank, { to_user: bob.id, content: 'two' });
      const unread = await t.get('messages/unread', { token: bob.token, query: { per_page: 100 } });
      expect(unread.status).toBe(200);
      const mine = unread.body.data.filter((m: any) => m.sender_id === frank.id);
      expect(mine.map((m: any) => m.content)).toEqual(['two', 'one']);
      expect(unread.headers.get('x-total-count')).toBe(String(unread.body.total_count));
      expect(unread.body.total_count).toBe(unread.body.data.length);

      const read = await t.post(`messages/${m2.body.id}/read`, undefined, { token: bob.token });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ last_read_seq: m2.body.seq, unread_count: 0 });
      const back = await t.post(`messages/${m1.body.id}/read`, undefined, { token: bob.token });
      expect(back.body).toMatchObject({ last_read_seq: m2.body.seq, unread_count: 0 });
      expect(await unreadIn(bob, 'user', frank.id)).toBe(0);
      // Sending is reading: the sender has no unread in his own conversation.
      expect(await unreadIn(frank, 'user', bob.id)).toBe(0);
    });

    it("derives receipts from the members' cursors and emits events", async () => {
      const [aliceFrom, bobFrom] = await Promise.all(
        [alice, bob].map(
          async (user) => (await t.get('events', { token: user.token })).body.next_cursor as string,
        ),
      );
      const msg = await send(alice, { to_group: groupId, content: 'who read me?' });
      let receipts = await t.get(`messages/${msg.body.id}/receipts`, { token: alice.token });
      expect(receipts.body).toEqual({ read_by: [], delivered_to: [] });
      await t.post(`messages/${msg.body.id}/read`, undefined, { token: bob.token });
      await t.post(`messages/${msg.body.id}/delivered`, undefined, { token: carol.token });
      receipts = await t.get(`messages/${msg.body.id}/receipts`, { token: alice.token });
      expect(receipts.status).toBe(200);
      expect(receipts.body.read_by.map((p: any) => p.id)).toEqual([bob.id]);
      expect(receipts.body.delivered_to.map((p: any) => p.id).sort()).toEqual(
        [bob.id, carol.id].sort(),
      );
      expect(receipts.body.read_by[0]).toMatchObject({ nickname: 'Bob', name: 'Bob' });
      const seen = await t.get('events', { token: alice.token, query: { cursor: aliceFrom } });
      const types = seen.body.data.map((e: any) => e.type);
      expect(types).toEqual(['message.created', 'message.read', 'message.delivered']);
      expect(seen.body.data[0].data).toMatchObject({ id: msg.body.id, to_group: groupId });
      expect(seen.body.data[1].data).toMatchObject({
        conversation: `group/${groupId}`,
        user_id: bob.id,
        user: { id: bob.id, name: 'Bob' },
        last_read_seq: msg.body.seq,
      });
      expect(seen.body.data[2].data).toMatchObject({
        user_id: carol.id,
        last_delivered_seq: msg.body.seq,
      });
      const bobs = await t.get('events', { token: bob.token, query: { cursor: bobFrom } });
      expect(bobs.body.data.find((e: any) => e.type === 'conversation.read').data).toMatchObject({
        conversation: `group/${groupId}`,
        last_read_seq: msg.body.seq,
        unread_count: 0,
      });
      expect((await t.get(`messages/${msg.body.id}/receipts`, { token: dave.token })).status).toBe(
        404,
      );
    });

    it('tells the sender about a screenshot, privately', async () => {
      const msg = await send(alice, { to_group: groupId, content: 'secret plan' });
      const shot = await t.post(`messages/${msg.body.id}/screenshot`, undefined, {
        token: carol.token,
      });
      expect(shot.status).toBe(201);
      expect(shot.body).toMatchObject({
        message_type: 'screenshot',
        sender_id: carol.id,
        to_user: alice.id,
        details: { message_id: msg.body.id, message_seq: msg.body.seq },
      });
      expect((await t.get(`messages/${shot.body.id}`, { token: alice.token })).status).toBe(200);
      expect((await t.get(`messages/${shot.body.id}`, { token: bob.token })).status).toBe(404);
      const own = await t.post(`messages/${msg.body.id}/screenshot`, undefined, {
        token: alice.token,
      });
      expect(own.status).toBe(409);
    });

    it('takes one report per reporter per message', async () => {
      const msg = await send(bob, { to_user: carol.id, content: 'spammy' });
      const bad = await t.post(
        `messages/${msg.body.id}/reports`,
        { reason: '' },
        { token: carol.token },
      );
      expect(bad.status).toBe(400);
      const first = await t.post(
        `messages/${msg.body.id}/reports`,
        { reason: 'spam' },
        { token: carol.token },
      );
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ message_id: msg.body.id, reason: 'spam' });
      const again = await t.post(
        `messages/${msg.body.id}/reports`,
        { reason: 'spam' },
        { token: carol.token },
      );
      expect([again.status, again.body.code]).toEqual([409, 'message_already_reported']);
      const outsider = await t.post(
        `messages/${msg.body.id}/reports`,
        { reason: 'x' },
        { token: dave.token },
      );
      expect(outsider.status).toBe(404);
    });
  });

  describe('broadcasts', () => {
    it('delivers one private message to each listed user, skipping those who blocked the sender', async () => {
      const [r1, r2, r3] = await Promise.all([createUser(t), createUser(t), createUser(t)]);
      await block(t, r3, alice);
      const res = await t.post(
        'broadcasts',
        { user_ids: [r1.id, r2.id, r3.id], content: 'Happy new year!' },
        { token: alice.token },
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        sender_id: alice.id,
        recipient_count: 2,
        content: 'Happy new year!',
      });
      for (const r of [r1, r2]) {
        const seen = (await history(r, `user/${alice.id}`)).body.data;
        expect(seen.map((m: any) => [m.content, m.recipient_type])).toEqual([
          ['Happy new year!', 'private'],
        ]);
      }
      expect((await history(r3, `user/${alice.id}`)).body.data).toEqual([]);
    });

    it('broadcasts to all friends', async () => {
      const [f1, f2] = await Promise.all([createUser(t), createUser(t)]);
      const host = await createUser(t);
      await befriend(t, host, f1);
      await befriend(t, host, f2);
      const res = await t.post(
        'broadcasts',
        { all_friends: true, content: 'party tonight' },
        { token: host.token },
      );
      expect(res.status).toBe(201);
      expect(res.body.recipient_count).toBe(2);
      expect((await history(f2, `user/${host.id}`)).body.data[0].content).toBe('party tonight');
      // An announcement is not contact: the friendships keep their place (a private send moves
      // them to the top and stamps them).
      for (const [owner, friend] of [
        [host, f1],
        [f1, host],
      ]) {
        expect((await friendshipWith(t, owner, friend))!.last_contacted_at).toBeNull();
      }
    });

    it('refuses bad broadcasts and lets only party_admin apps send as any user', async () => {
      const both = await t.post(
        'broadcasts',
        { user_ids: [bob.id], all_friends: true, content: 'x' },
        { token: alice.token },
      );
      expect(both.status).toBe(400);
      const neither = await t.post('broadcasts', { content: 'x' }, { token: alice.token });
      expect(neither.status).toBe(400);
      const asOther = await t.post(
        'broadcasts',
        { user_ids: [bob.id], content: 'x', sender_id: carol.id },
        { token: alice.token },
      );
      expect(asOther.status).toBe(400);
      const unknown = await t.post(
        'broadcasts',
        { user_ids: ['00000000-0000-4000-8000-000000000000'], content: 'x' },
        { token: alice.token },
      );
      expect(unknown.status).toBe(422);

      const plainApp = await createAppClient(t, { scopes: ['party_message'] });
      const refused = await t.post(
        'broadcasts',
        { user_ids: [bob.id], content: 'x', sender_id: carol.id },
        { token: plainApp.token },
      );
      expect([refused.status, refused.body.code]).toEqual([403, 'insufficient_scope']);
      const admin = await createAppClient(t, {
        scopes: ['party_message', 'party_admin'],
        system: true,
      });
      const noSender = await t.post(
        'broadcasts',
        { user_ids: [bob.id], content: 'x' },
        { token: admin.token },
      );
      expect(noSender.status).toBe(400);
      const ok = await t.post(
        'broadcasts',
        { user_ids: [bob.id, dave.id], content: 'maintenance at 2am', sender_id: carol.id },
        { token: admin.token },
      );
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({ sender_id: carol.id, recipient_count: 2 });
      expect((await history(dave, `user/${carol.id}`, { limit: 1 })).body.data[0].content).toBe(
        'maintenance at 2am',
      );
    });
  });

  describe('broadcasts by apps', () => {
    it('lets a system app with party_admin broadcast without party_message', async () => {
      const admin = await createAppClient(t, { scopes: ['party_admin'], system: true });
      const [r1, r2] = await Promise.all([createUser(t), createUser(t)]);
      const res = await t.post(
        'broadcasts',
        { user_ids: [r1.id, r2.id], content: 'system notice', sender_id: carol.id },
        { token: admin.token },
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ sender_id: carol.id, recipient_count: 2 });
      expect((await history(r2, `user/${carol.id}`)).body.data[0].content).toBe('system notice');
    });

    it('refuses apps without party_admin, non-system apps and users without party_message', async () => {
      const target = await createUser(t);
      const body = { user_ids: [target.id], content: 'nope', sender_id: carol.id };
      const messageOnly = await createAppClient(t, { scopes: ['party_message'], system: true });
      const notSystem = await createAppClient(t, { scopes: ['party_admin'] });
      const noScope = await createUser(t, { scopes: ['party_user'] });
      for (const [token, scope] of [
        [messageOnly.token, 'party_admin'],
        [notSystem.token, 'party_admin'],
        [noScope.token, 'party_message'],
      ]) {
        const res = await t.post(
          'broadcasts',
          token === noScope.token ? { user_ids: [target.id], content: 'nope' } : body,
          { token },
        );
        expect([res.status, res.body.code]).toEqual([403, 'insufficient_scope']);
        expect(res.body.error).toContain(scope);
      }
      expect((await t.post('broadcasts', body)).status).toBe(401);
      expect((await history(target, `user/${carol.id}`)).body.data).toEqual([]);
    });
  });

  describe('through the group and contact modules', () => {
    it('mirrors real groups and friend requests into conversations and system messages', async () => {
      const [g1, g2, g3] = await Promise.all([createUser(t), createUser(t), createUser(t)]);
      const group = await t.post(
        'groups',
        { name: 'Real', user_ids: [g2.id, g3.id] },
        { token: g1.token },
      );
      expect(group.status).toBe(201);
      const gid = group.body.id;
      expect((await send(g2, { to_group: gid, content: 'first!' })).status).toBe(201);
      await t.patch(`groups/${gid}`, { name: 'Renamed' }, { token: g1.token });
      const seen = (await history(g3, `group/${gid}`)).body.data;
      expect(seen.map((m: any) => m.message_type)).toEqual([
        'group_renamed',
        'text',
        'group_created',
      ]);
      expect(seen[0].details).toMatchObject({ old_name: 'Real', new_name: 'Renamed' });
      const entry = (await t.get('contact-list/inbox', { token: g3.token })).body.data.find(
        (e: any) => e.id === gid,
      );
      expect(entry).toMatchObject({ type: 'group', name: 'Renamed', unread_count: 3 });
      expect(
        (await t.post(`groups/${gid}/block`, undefined, { token: g3.token })).status,
      ).toBeLessThan(300);
      expect(await unreadIn(g3, 'group', gid)).toBe(0);

      const request = await t.post(
        'friend-requests',
        { friend_id: g1.id, message: 'hi!' },
        { token: g2.token },
      );
      expect(request.status).toBe(201);
      const note = (await history(g1, `user/${g2.id}`)).body.data[0];
      expect(note).toMatchObject({
        message_type: 'friend_request',
        content: 'hi!',
        sender_id: g2.id,
      });
      const accepted = await t.post(`friend-requests/${request.body.id}/accept`, undefined, {
        token: g1.token,
      });
      expect(accepted.status).toBeLessThan(300);
      expect((await history(g2, `user/${g1.id}`)).body.data[0].message_type).toBe(
        'friend_accepted',
      );

      expect((await t.post('blocks', { user_id: g2.id }, { token: g3.token })).status).toBe(201);
      const refused = await send(g2, { to_user: g3.id, content: 'x' });
      expect([refused.status, refused.body.code]).toEqual([422, 'not_addable']);
    });
  });

  describe('access', () => {
    it('needs a token with party_message and hides what you may not see', async () => {
      expect((await t.post('messages', { to_user: bob.id, content: 'x' })).status).toBe(401);
      expect((await t.post('broadcasts', { all_friends: true, content: 'x' })).status).toBe(401);
      expect((await t.get(`conversations/user/${bob.id}/messages`)).status).toBe(401);
      expect((await t.post('messages/00000000-0000-4000-8000-000000000000/read')).status).toBe(401);
      expect((await t.get('messages/unread')).status).toBe(401);
      const narrow = await createUser(t, { scopes: ['party_user'] });
      const res = await t.post(
        'messages',
        { to_user: bob.id, content: 'x' },
        { token: narrow.token },
      );
      expect([res.status, res.body.code]).toEqual([403, 'insufficient_scope']);
      expect((await t.get('messages/not-an-id', { token: alice.token })).status).toBe(404);
      expect(
        (await t.get('messages/00000000-0000-4000-8000-000000000000', { token: alice.token }))
          .status,
      ).toBe(404);
      const app = await createAppClient(t, { scopes: ['party_message'] });
      expect((await t.get('messages/unread', { token: app.token })).status).toBe(403);
    });
  });
});
