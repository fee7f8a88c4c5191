import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import {
  befriend,
  friendshipWith,
  MISSING_ID,
  recordContactEvents,
  RecordedEvent,
  sendRequest,
} from './contact-test-kit';

describe('friend requests and blocks', () => {
  let t: TestApp;
  let events: RecordedEvent[];
  let noScope: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    events = recordContactEvents(t);
    noScope = await createUser(t, { scopes: ['party_user', 'party_message'] });
  });
  afterAll(async () => {
    await t.close();
  });

  const user = (nickname: string) => createUser(t, { nickname });
  const received = async (u: TestUser, state?: string) =>
    (await t.get('friend-requests/received', { token: u.token, query: { state } })).body as {
      data: any[];
      total_count: number;
    };
  const sent = async (u: TestUser, state?: string) =>
    (await t.get('friend-requests/sent', { token: u.token, query: { state } })).body as {
      data: any[];
      total_count: number;
    };

  describe('POST friend-requests', () => {
    it('creates a pending request with both people, a localized state and an event', async () => {
      const [alice, bob] = [await user('Alice'), await user('Bob')];
      events.length = 0;
      const res = await t.post(
        'friend-requests',
        { friend_id: bob.id, message: '我是爱丽丝' },
        { token: alice.token },
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        from_user: { id: alice.id, nickname: 'Alice', name: 'Alice', avatar_url: null },
        to_user: { id: bob.id, username: bob.username, name: 'Bob' },
        message: '我是爱丽丝',
        state: 'pending',
        state_string: 'Pending',
      });
      expect(res.body.created_at).toMatch(/Z$/);
      expect(typeof res.body.created_at_string).toBe('string');
      expect(typeof res.body.updated_at_string).toBe('string');
      expect(events).toEqual([
        {
          name: 'contact.friend_request.created',
          payload: {
            requestId: res.body.id,
            fromUserId: alice.id,
            toUserId: bob.id,
            message: '我是爱丽丝',
            silenced: false,
          },
        },
      ]);
      const zh = await t.get('friend-requests/received', {
        token: bob.token,
        headers: { 'accept-language': 'zh-CN' },
      });
      expect(zh.body.data).toHaveLength(1);
      expect(zh.body.data[0]).toMatchObject({ id: res.body.id, state_string: '等待中' });
      expect((await sent(alice)).data.map((r) => r.id)).toEqual([res.body.id]);
    });

    it('accepts form bodies and answers a repeated request with the pending one (200)', async () => {
      const [alice, bob] = [await user('Alice'), await user('Bob')];
      const first = await t.post('friend-requests', new URLSearchParams({ friend_id: bob.id }), {
        token: alice.token,
      });
      expect(first.status).toBe(201);
      expect(first.body.message).toBeNull();
      events.length = 0;
      const again = await t.post(
        'friend-requests',
        { friend_id: bob.id, message: 'again' },
        {
          token: alice.token,
        },
      );
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ id: first.body.id, state: 'pending', message: null });
      expect(events).toEqual([]);
      expect((await received(bob)).total_count).toBe(1);
    });

    it('refuses yourself (400), unknown users (422) and bad bodies (400), changing nothing', async () => {
      const alice = await user('Alice');
      const self = await t.post('friend-requests', { friend_id: alice.id }, { token: alice.token });
      expect(self.status).toBe(400);
      expect(self.body.code).toBe('validation_failed');
      expect(self.body.details[0]).toMatchObject({ field: 'friend_id', code: 'not_yourself' });
      const unknown = await t.post(
        'friend-requests',
        { friend_id: MISSING_ID },
        {
          token: alice.token,
        },
      );
      expect(unknown.status).toBe(422);
      expect(unknown.body.code).toBe('unknown_reference');
      expect(unknown.body.details[0]).toMatchObject({ field: 'friend_id' });
      const malformed = await t.post(
        'friend-requests',
        { friend_id: 'nope' },
        {
          token: alice.token,
        },
      );
      expect(malformed.status).toBe(400);
      expect(malformed.body.details[0].field).toBe('friend_id');
      const bob = await user('Bob');
      const long = await t.post(
        'friend-requests',
        { friend_id: bob.id, message: 'x'.repeat(201) },
        { token: alice.token },
      );
      expect(long.status).toBe(400);
      expect(long.body.details[0].field).toBe('message');
      const extra = await t.post(
        'friend-requests',
        { friend_id: bob.id, admin: true },
        {
          token: alice.token,
        },
      );
      expect(extra.status).toBe(400);
      expect((await sent(alice)).total_count).toBe(0);
      expect((await received(bob)).total_count).toBe(0);
    });

    it('turns a request to someone who already asked you into an acceptance', async () => {
      const [alice, bob] = [await user('Alice'), await user('Bob')];
      const theirs = await sendRequest(t, bob, alice);
      events.length = 0;
      const res = await t.post('friend-requests', { friend_id: bob.id }, { token: alice.token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: theirs,
        state: 'accepted',
        from_user: { id: bob.id },
        to_user: { id: alice.id },
      });
      expect(events).toEqual([
        {
          name: 'contact.friend_request.accepted',
          payload: { requestId: theirs, fromUserId: bob.id, toUserId: alice.id },
        },
      ]);
      expect(await friendshipWith(t, alice, bob)).not.toBeNull();
      expect(await friendshipWith(t, bob, alice)).not.toBeNull();
      expect((await sent(alice)).total_count).toBe(0);
    });

    it('makes friends of two crossing requests sent at the same time', async () => {
      const [alice, bob] = [await user('Alice'), await user('Bob')];
      const [one, two] = await Promise.all([
        t.post('friend-requests', { friend_id: bob.id }, { token: alice.token }),
        t.post('friend-requests', { friend_id: alice.id }, { token: bob.token }),
      ]);
      expect([one.status, two.status].sort()).toEqual([200, 201]);
      expect(await friendshipWith(t, alice, bob)).not.toBeNull();
      expect(await friendshipWith(t, bob, alice)).not.toBeNull();
      expect((await received(alice, 'pending')).total_count).toBe(0);
      expect((await received(bob, 'pending')).total_count).toBe(0);
    });

    it('answers 409 already_friends once you are friends', async () => {
      const [alice, bob] = [await user('Alice'), await user('Bob')];
      await befriend(t, alice, bob);
      for (const [from, to] of [
        [alice, bob],
        [bob, alice],
      ]) {
        const res = await t.post('friend-requests', { friend_id: to.id }, { token: from.token });
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('already_friends');
      }
    });

    it('answers a request to someone who blocked you like any other, and he never sees it', async () => {
      const [alice, bob] = [await user('Alice'), await user('Bob')];
      expect((await t.post('blocks', { user_id: alice.id }, { token: bob.token })).status).toBe(
        201,
      );
      events.length = 0;
      const res = await t.post('friend-requests', { friend_id: bob.id }, { token: alice.token });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ state: 'pending', state_string: 'Pending' });
      expect(Object.keys(res.body).sort()).toEqual(
        [
          'id',
          'from_user',
          'to_user',
          'message',
          'state',
          'state_string',
          'created_at',
          'created_at_string',
          'updated_at',
          'updated_at_string',
        ].sort(),
      );
      expect(events).toEqual([
        {
          name: 'contact.friend_request.created',
          payload: expect.objectContaining({ requestId: res.body.id, silenced: true }),
        },
      ]);
      expect((await received(bob)).total_count).toBe(0);
      expect((await sent(alice)).data[0]).toMatchObject({ id: res.body.id, state: 'pending' });
      // Bob cannot act on it: for him it does not exist.
      const accept = await t.post(`friend-requests/${res.body.id}/accept`, undefined, {
        token: bob.token,
      });
      expect(accept.status).toBe(404);
      // Repeating it answers the same pending request, still silenced.
      const again = await t.post('friend-requests', { friend_id: bob.id }, { token: alice.token });
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(res.body.id);
      // Alice can withdraw it, like any request of hers.
      const withdraw = await t.post(`friend-requests/${res.body.id}/withdraw`, undefined, {
        token: alice.token,
      });
      expect(withdraw.status).toBe(200);
      expect(withdraw.body.state).toBe('withdrawn');
    });

    it('answers 409 user_blocked_by_you when you ask someone you blocked', async () => {
      const [alice, bob] = [await user('Alice'), await user('Bob')];
      await t.post('blocks', { user_id: bob.id }, { token: alice.token });
      const res = await t.post('friend-requests', { friend_id: bob.id }, { token: alice.token });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('user_blocked_by_you');
      const zh = await t.post(
        'friend-requests',
        { friend_id: bob.id },
        {
          token: alice.token,
          headers: { 'accept-language': 'zh-CN' },
        },
      );
      expect(zh.body.error).toBe('你已将该用户拉黑，请先解除拉黑');
    });
  });

  describe('state transitions', () => {
    it('accept: both sides become friends, the event is emitted, both lists show it', async () => {
      const [alice, bob] = [await user('Alice'), await user('Bob')];
      const id = await sendRequest(t, alice, bob);
      events.length = 0;
      const res = await t.post(`friend-requests/${id}/accept`, undefined, { token: bob.token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, state: 'accepted', state_string: 'Accepted' });
      expect(events).toEqual([
        {
          name: 'contact.friend_request.accepted',
          payload: { requestId: id, fromUserId: alice.id, toUserId: bob.id },
        },
      ]);
      expect((await friendshipWith(t, alice, bob))?.friend).toMatchObject({ id: bob.id });
      expect((await friendshipWith(t, bob, alice))?.friend).toMatchObject({ id: alice.id });
      expect((await received(bob, 'accepted')).data.map((r) => r.id)).toEqual([id]);
      expect((await received(bob, 'pending')).total_count).toBe(0);
      expect((await sent(alice, 'accepted')).data.map((r) => r.id)).toEqual([id]);
    });

    it('reject and withdraw end the request without a friendship', async () => {
      const [alice, bob, carol] = [await user('Alice'), await user('Bob'), await user('Carol')];
      const toBob = await sendRequest(t, alice, bob);
      const toCarol = await sendRequest(t, alice, carol);
      const rejected = await t.post(`friend-requests/${toBob}/reject`, undefined, {
        token: bob.token,
      });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({ state: 'rejected', state_string: 'Rejected' });
      const withdrawn = await t.post(`friend-requests/${toCarol}/withdraw`, undefined, {
        token: alice.token,
      });
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body).toMatchObject({ state: 'withdrawn', state_string: 'Withdrawn' });
      expect(await friendshipWith(t, alice, bob)).toBeNull();
      expect(await friendshipWith(t, alice, carol)).toBeNull();
      expect((await sent(alice, 'rejected')).data.map((r) => r.id)).toEqual([toBob]);
      expect((await sent(alice, 'withdrawn')).data.map((r) => r.id)).toEqual([toCarol]);
      expect((await received(carol, 'withdrawn')).total_count).toBe(1);
      // A new request may follow a rejected one.
      const again = await t.post('friend-requests', { friend_id: bob.id }, { token: alice.token });
      expect(again.status).toBe(201);
      expect(again.body.id).not.toBe(toBob);
    });

    it('block: refuses the request and puts the sender on the block list', async () => {
      const [alice, bob] = [await user('Alice'), await user('Bob')];
      const id = await sendRequest(t, alice, bob);
      events.length = 0;
      const res = await t.post(`friend-requests/${id}/block`, undefined, {
        token: bob.token,
        headers: { 'accept-language': 'zh-CN' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ state: 'blocked', state_string: '已禁止' });
      expect(events).toEqual([
        { name: 'contact.user.blocked', payload: { blockerId: bob.id, blockedId: alice.id } },
      ]);
      const blocks = await t.get('blocks', { token: bob.token });
      expect(blocks.body.data.map((b: any) => b.user.id)).toEqual([alice.id]);
      // Alice's next request is silenced.
      const next = await t.post('friend-requests', { friend_id: bob.id }, { token: alice.token });
      expect(next.status).toBe(201);
      expect((await received(bob, 'pending')).total_count).toBe(0);
    });

    it('refuses every action on a request that is no longer pending (409)', async () => {
      const [alice, bob] = [await user('Alice'), await user('Bob')];
      const id = await sendRequest(t, alice, bob);
      await t.post(`friend-requests/${id}/reject`, undefined, { token: bob.token });
      for (const action of ['accept', 'reject', 'block']) {
        const res = await t.post(`friend-requests/${id}/${action}`, undefined, {
          token: bob.token,
        });
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('request_not_pending');
      }
      const withdraw = await t.post(`friend-requests/${id}/withdraw`, undefined, {
        token: alice.token,
      });
      expect(withdraw.status).toBe(409);
      expect(withdraw.body.code).toBe('request_not_pending');
      expect((await sent(alice)).data[0].state).toBe('rejected');
    });

    it('lets only the receiver decide and only the sender withdraw (403), strangers 404', async () => {
      const [alice, bob, eve] = [await user('Alice'), await user('Bob'), await user('Eve')];
      const id = await sendRequest(t, alice, bob);
      for (const action of ['accept', 'reject', 'block']) {
        const res = await t.post(`friend-requests/${id}/${action}`, undefined, {
          token: alice.token,
        });
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('forbidden');
      }
      const withdraw = await t.post(`friend-requests/${id}/withdraw`, undefined, {
        token: bob.token,
      });
      expect(withdraw.status).toBe(403);
      for (const action of ['accept', 'reject', 'block', 'withdraw']) {
        const stranger = await t.post(`friend-requests/${id}/${action}`, undefined, {
          token: eve.token,
        });
        expect(stranger.status).toBe(404);
        const missing = await t.post(`friend-requests/${MISSING_ID}/${action}`, undefined, {
          token: bob.token,
        });
        expect(missing.status).toBe(404);
        const malformed = await t.post(`friend-requests/42/${action}`, undefined, {
          token: bob.token,
        });
        expect(malformed.status).toBe(404);
      }
      expect((await received(bob)).data[0]).toMatchObject({ id, state: 'pending' });
    });
  });

  describe('GET friend-requests/received|sent', () => {
    it('lists newest first, paginated, filtered by state; a bad state is a 400', async () => {
      const me = await user('Me');
      const others = [await user('O1'), await user('O2'), await user('O3')];
      const ids: string[] = [];
      for (const other of others) ids.push(await sendRequest(t, other, me));
      await t.post(`friend-requests/${ids[0]}/reject`, undefined, { token: me.token });
      const page1 = await t.get('friend-requests/received', {
        token: me.token,
        query: { per_page: 2 },
      });
      expect(page1.status).toBe(200);
      expect(page1.body).toMatchObject({ page: 1, per_page: 2, total_count: 3 });
      expect(page1.body.data.map((r: any) => r.id)).toEqual([ids[2], ids[1]]);
      expect(page1.headers.get('x-total-count')).toBe('3');
      expect(page1.headers.get('link')).toContain('rel="next"');
      const past = await t.get('friend-requests/received', {
        token: me.token,
        query: { page: 9 },
      });
      expect(past.status).toBe(200);
      expect(past.body).toMatchObject({ data: [], total_count: 3 });
      expect((await received(me, 'pending')).data.map((r) => r.id)).toEqual([ids[2], ids[1]]);
      expect((await received(me, 'rejected')).data.map((r) => r.id)).toEqual([ids[0]]);
      for (const side of ['received', 'sent']) {
        const bad = await t.get(`friend-requests/${side}`, {
          token: me.token,
          query: { state: 'lost' },
        });
        expect(bad.status).toBe(400);
        expect(bad.body.details[0].field).toBe('state');
        const badPage = await t.get(`friend-requests/${side}`, {
          token: me.token,
          query: { per_page: 101 },
        });
        expect(badPage.status).toBe(400);
      }
      // The senders see their own request only.
      expect((await sent(others[1])).data.map((r) => r.id)).toEqual([ids[1]]);
    });
  });

  describe('blocks', () => {
    it('blocking ends the friendship on both sides and rejects pending requests', async () => {
      const [alice, bob, carol] = [await user('Alice'), await user('Bob'), await user('Carol')];
      await befriend(t, alice, bob);
      const pending = await sendRequest(t, carol, alice);
      events.length = 0;
      const res = await t.post('blocks', { user_id: bob.id }, { token: alice.token });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ user: { id: bob.id, name: 'Bob' } });
      expect(res.body.created_at_string).toEqual(expect.any(String));
      expect(events).toEqual([
        { name: 'contact.friendship.removed', payload: { userId: alice.id, friendId: bob.id } },
        { name: 'contact.user.blocked', payload: { blockerId: alice.id, blockedId: bob.id } },
      ]);
      expect(await friendshipWith(t, alice, bob)).toBeNull();
      expect(await friendshipWith(t, bob, alice)).toBeNull();
      await t.post('blocks', new URLSearchParams({ user_id: carol.id }), { token: alice.token });
      expect((await sent(carol)).data[0]).toMatchObject({ id: pending, state: 'rejected' });
      // Blocking again changes nothing: 200.
      events.length = 0;
      const again = await t.post('blocks', { user_id: bob.id }, { token: alice.token });
      expect(again.status).toBe(200);
      expect(again.body.user.id).toBe(bob.id);
      expect(events).toEqual([]);
      const list = await t.get('blocks', { token: alice.token });
      expect(list.body.data.map((b: any) => b.user.id)).toEqual([carol.id, bob.id]);
      expect(list.body.total_count).toBe(2);
      // Bob sees nothing of it.
      expect((await t.get('blocks', { token: bob.token })).body.total_count).toBe(0);
    });

    it('unblocks (204, event), then 404 for someone not blocked', async () => {
      const [alice, bob] = [await user('Alice'), await user('Bob')];
      await t.post('blocks', { user_id: bob.id }, { token: alice.token });
      events.length = 0;
      const res = await t.delete(`blocks/${bob.id}`, { token: alice.token });
      expect(res.status).toBe(204);
      expect(events).toEqual([
        { name: 'contact.user.unblocked', payload: { blockerId: alice.id, blockedId: bob.id } },
      ]);
      expect((await t.get('blocks', { token: alice.token })).body.total_count).toBe(0);
      expect((await t.delete(`blocks/${bob.id}`, { token: alice.token })).status).toBe(404);
      expect((await t.delete('blocks/not-an-id', { token: alice.token })).status).toBe(404);
      // Unblocked, his request reaches her again.
      await sendRequest(t, bob, alice);
      expect((await received(alice, 'pending')).total_count).toBe(1);
      // Bob's block of Alice is not Alice's to remove.
      await t.post('blocks', { user_id: alice.id }, { token: bob.token });
      expect((await t.delete(`blocks/${alice.id}`, { token: alice.token })).status).toBe(404);
      expect((await t.get('blocks', { token: bob.token })).body.total_count).toBe(1);
    });

    it('refuses yourself (400), unknown users (422), malformed ids (400)', async () => {
      const alice = await user('Alice');
      const self = await t.post('blocks', { user_id: alice.id }, { token: alice.token });
      expect(self.status).toBe(400);
      expect(self.body.details[0]).toMatchObject({ field: 'user_id', code: 'not_yourself' });
      const unknown = await t.post('blocks', { user_id: MISSING_ID }, { token: alice.token });
      expect(unknown.status).toBe(422);
      expect(unknown.body.details[0]).toMatchObject({ field: 'user_id' });
      const bad = await t.post('blocks', { user_id: 5 }, { token: alice.token });
      expect(bad.status).toBe(400);
      expect((await t.get('blocks', { token: alice.token })).body.total_count).toBe(0);
    });
  });

  describe('tokens and scopes', () => {
    const routes: [string, string][] = [
      ['POST', 'friend-requests'],
      ['GET', 'friend-requests/received'],
      ['GET', 'friend-requests/sent'],
      ['POST', `friend-requests/${MISSING_ID}/accept`],
      ['POST', `friend-requests/${MISSING_ID}/reject`],
      ['POST', `friend-requests/${MISSING_ID}/block`],
      ['POST', `friend-requests/${MISSING_ID}/withdraw`],
      ['GET', 'blocks'],
      ['POST', 'blocks'],
      ['DELETE', `blocks/${MISSING_ID}`],
    ];

    it.each(routes)('%s %s needs a token (401) with party_contact (403)', async (method, path) => {
      const body = method === 'GET' ? undefined : {};
      const anonymous = await t.request(method, path, { body });
      expect(anonymous.status).toBe(401);
      const scoped = await t.request(method, path, { token: noScope.token, body });
      expect(scoped.status).toBe(403);
      expect(scoped.body.code).toBe('insufficient_scope');
    });
  });
});
