import { befriend, sendRequest } from '../contact/contact-test-kit';
import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { connectSocket, drain, settle, startCursor } from './realtime-support';

/** The event types of the contact scope (`party_contact`). */
const CONTACT_TYPE = /^(friend_request|friendship|block|contact_list)\./;

describe('contact events (friend requests, friendships, blocks, pins)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const user = (nickname: string) => createUser(t, { nickname });
  const users = async (...nicknames: string[]) => {
    const created: TestUser[] = [];
    for (const nickname of nicknames) created.push(await user(nickname));
    return created;
  };

  /**
   * Takes each user's cursor now; the function it returns reads what each received since, in
   * the order given (contact types only). Events of one transaction become readable together,
   * so a user listed after one who saw the change has had his chance to see it too.
   */
  async function watch(...users: TestUser[]): Promise<() => Promise<any[][]>> {
    await settle(t);
    const cursors = await Promise.all(users.map((u) => startCursor(t, u.token)));
    return async () => {
      await settle(t);
      const seen: any[][] = [];
      for (const [i, u] of users.entries()) {
        const { events } = await drain(t, u.token, cursors[i]);
        seen.push(events.filter((e) => CONTACT_TYPE.test(e.type)));
      }
      return seen;
    };
  }

  const types = (events: any[]) => events.map((e) => e.type);

  /** The request as the user's `sent` or `received` list shows it. */
  async function listed(u: TestUser, side: 'sent' | 'received', id: string): Promise<any> {
    const res = await t.get(`friend-requests/${side}`, { token: u.token });
    expect(res.status).toBe(200);
    const entry = res.body.data.find((r: any) => r.id === id);
    expect(entry).toBeDefined();
    return entry;
  }

  async function friendshipOf(u: TestUser, friend: TestUser): Promise<any> {
    const res = await t.get(`friendships/with/${friend.id}`, { token: u.token });
    expect(res.status).toBe(200);
    const byId = await t.get(`friendships/${res.body.id}`, { token: u.token });
    expect(byId.body).toEqual(res.body);
    return res.body;
  }

  async function blockEntry(u: TestUser, blocked: TestUser): Promise<any> {
    const res = await t.get('blocks', { token: u.token });
    const entry = res.body.data.find((b: any) => b.user.id === blocked.id);
    expect(entry).toBeDefined();
    return entry;
  }

  /** Both sides hear `type` for the request, each with it as his own list shows it. */
  async function expectBothSides(
    seen: any[][],
    type: string,
    from: TestUser,
    to: TestUser,
    id: string,
    state: string,
  ): Promise<void> {
    const [fromEvents, toEvents, otherEvents] = seen;
    expect(types(fromEvents)).toEqual([type]);
    expect(types(toEvents)).toEqual([type]);
    expect(fromEvents[0].data).toMatchObject({ id, state });
    expect(fromEvents[0].data).toEqual(await listed(from, 'sent', id));
    expect(toEvents[0].data).toEqual(await listed(to, 'received', id));
    expect(otherEvents).toEqual([]);
  }

  describe('friend_request.*', () => {
    it('created: to the sender and the receiver, as their lists show it; no one else', async () => {
      const [alice, bob, carol] = await users('Alice', 'Bob', 'Carol');
      const seen = await watch(alice, bob, carol);
      const id = await sendRequest(t, alice, bob);
      const [a, b, c] = await seen();
      await expectBothSides([a, b, c], 'friend_request.created', alice, bob, id, 'pending');
      expect(b[0].data).toMatchObject({
        from_user: { id: alice.id, name: 'Alice' },
        to_user: { id: bob.id, name: 'Bob' },
        message: null,
        state_string: 'Pending',
      });
      expect(b[0].data.created_at_string).toEqual(expect.any(String));
      // A repeated request changes nothing and tells nobody.
      const again = await watch(alice, bob);
      expect(
        (await t.post('friend-requests', { friend_id: bob.id }, { token: alice.token })).status,
      ).toBe(200);
      expect(await again()).toEqual([[], []]);
    });

    it('labels are written in each reader’s own language at delivery', async () => {
      const [alice, bob] = await users('Alice', 'Bob');
      expect((await t.patch('user', { locale: 'zh-CN' }, { token: bob.token })).status).toBe(200);
      const seen = await watch(alice, bob);
      await sendRequest(t, alice, bob);
      const [a, b] = await seen();
      expect(a[0].data.state_string).toBe('Pending');
      expect(b[0].data.state_string).toBe('等待中');
    });

    it('a request silenced by the receiver’s block reaches the sender only, to its end', async () => {
      const [alice, bob, carol] = await users('Alice', 'Bob', 'Carol');
      expect((await t.post('blocks', { user_id: alice.id }, { token: bob.token })).status).toBe(
        201,
      );
      const seen = await watch(alice, bob, carol);
      const id = await sendRequest(t, alice, bob);
      const [a, b, c] = await seen();
      expect(types(a)).toEqual(['friend_request.created']);
      expect(a[0].data).toEqual(await listed(alice, 'sent', id));
      expect(b).toEqual([]);
      expect(c).toEqual([]);
      const withdrawn = await watch(alice, bob);
      await t.post(`friend-requests/${id}/withdraw`, undefined, { token: alice.token });
      const [aw, bw] = await withdrawn();
      expect(types(aw)).toEqual(['friend_request.withdrawn']);
      expect(aw[0].data).toEqual(await listed(alice, 'sent', id));
      expect(bw).toEqual([]);
    });

    it('rejected and withdrawn: both sides, with the new state', async () => {
      const [alice, bob, carol] = await users('Alice', 'Bob', 'Carol');
      const toReject = await sendRequest(t, alice, bob);
      let seen = await watch(alice, bob, carol);
      expect(
        (await t.post(`friend-requests/${toReject}/reject`, undefined, { token: bob.token }))
          .status,
      ).toBe(200);
      await expectBothSides(
        await seen(),
        'friend_request.rejected',
        alice,
        bob,
        toReject,
        'rejected',
      );
      const toWithdraw = await sendRequest(t, alice, bob);
      seen = await watch(alice, bob, carol);
      await t.post(`friend-requests/${toWithdraw}/withdraw`, undefined, { token: alice.token });
      await expectBothSides(
        await seen(),
        'friend_request.withdrawn',
        alice,
        bob,
        toWithdraw,
        'withdrawn',
      );
      // A refused action (no longer pending) tells nobody.
      seen = await watch(alice, bob);
      expect(
        (await t.post(`friend-requests/${toWithdraw}/withdraw`, undefined, { token: alice.token }))
          .status,
      ).toBe(409);
      expect(await seen()).toEqual([[], []]);
    });

    it('block: the blocker hears block.created, the sender nothing at all', async () => {
      const [alice, bob, carol] = await users('Alice', 'Bob', 'Carol');
      const id = await sendRequest(t, alice, bob);
      const seen = await watch(bob, alice, carol);
      expect(
        (await t.post(`friend-requests/${id}/block`, undefined, { token: bob.token })).status,
      ).toBe(200);
      const [b, a, c] = await seen();
      expect(types(b)).toEqual(['block.created']);
      expect(b[0].data).toEqual(await blockEntry(bob, alice));
      expect(b[0].data.user).toMatchObject({ id: alice.id, name: 'Alice' });
      expect(a).toEqual([]);
      expect(c).toEqual([]);
    });
  });

  describe('accepting: friend_request.accepted and friendship.created', () => {
    /**
     * Alice asked Bob; `accept` makes them friends (as Bob). Both hear the request accepted and
     * each his own friendship; Carol hears nothing.
     */
    async function expectAcceptance(
      accept: (id: string, alice: TestUser, bob: TestUser) => Promise<void>,
    ): Promise<void> {
      const [alice, bob, carol] = await users('Alice', 'Bob', 'Carol');
      const id = await sendRequest(t, alice, bob);
      const seen = await watch(alice, bob, carol);
      await accept(id, alice, bob);
      const [a, b, c] = await seen();
      expect(types(a)).toEqual(['friend_request.accepted', 'friendship.created']);
      expect(types(b)).toEqual(['friend_request.accepted', 'friendship.created']);
      expect(a[0].data).toEqual(await listed(alice, 'sent', id));
      expect(b[0].data).toEqual(await listed(bob, 'received', id));
      expect(a[0].data.state).toBe('accepted');
      expect(a[1].data).toEqual(await friendshipOf(alice, bob));
      expect(b[1].data).toEqual(await friendshipOf(bob, alice));
      expect(a[1].data).toMatchObject({ friend: { id: bob.id, name: 'Bob' }, position: 1 });
      expect(b[1].data).toMatchObject({ friend: { id: alice.id, name: 'Alice' }, position: 1 });
      expect(c).toEqual([]);
    }

    it('tells both sides, each with his own friendship', async () => {
      await expectAcceptance(async (id, _alice, bob) => {
        const res = await t.post(`friend-requests/${id}/accept`, undefined, { token: bob.token });
        expect(res.status).toBe(200);
      });
    });

    it('asking someone who asked you accepts his request, with the same events', async () => {
      await expectAcceptance(async (id, alice, bob) => {
        const res = await t.post('friend-requests', { friend_id: alice.id }, { token: bob.token });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ id, state: 'accepted' });
      });
    });

    it('names people under the reader’s own remark, as his lists do', async () => {
      const [alice, bob] = await users('Alice', 'Bob');
      const id = await sendRequest(t, alice, bob);
      const seen = await watch(bob);
      await t.post(`friend-requests/${id}/accept`, undefined, { token: bob.token });
      const mine = await friendshipOf(bob, alice);
      expect(
        (await t.patch(`friendships/${mine.id}`, { remarked_name: 'Ally' }, { token: bob.token }))
          .status,
      ).toBe(200);
      const [b] = await seen();
      expect(types(b)).toEqual([
        'friend_request.accepted',
        'friendship.created',
        'friendship.updated',
      ]);
      expect(b[0].data.from_user).toMatchObject({ id: alice.id, nickname: 'Alice', name: 'Ally' });
      expect(b[0].data).toEqual(await listed(bob, 'received', id));
      expect(b[2].data).toMatchObject({ remarked_name: 'Ally', name: 'Ally' });
      expect(b[2].data.friend).toMatchObject({ id: alice.id, name: 'Ally' });
    });
  });

  describe('friendship.updated and friendship.removed', () => {
    it('updated (remarks, contact name, move to top): to the owner only', async () => {
      const [alice, bob, carol, dave] = await users('Alice', 'Bob', 'Carol', 'Dave');
      await befriend(t, alice, bob);
      await befriend(t, alice, carol);
      const withBob = await friendshipOf(alice, bob);
      let seen = await watch(alice, bob, dave);
      const patched = await t.patch(
        `friendships/${withBob.id}`,
        { remarked_name: 'Bobby', contact_name: 'Robert' },
        { token: alice.token },
      );
      expect(patched.status).toBe(200);
      let [a, b, d] = await seen();
      expect(types(a)).toEqual(['friendship.updated']);
      expect(a[0].data).toEqual(patched.body);
      expect(a[0].data).toEqual(await friendshipOf(alice, bob));
      expect(a[0].data.friend).toMatchObject({ id: bob.id, name: 'Bobby' });
      expect(b).toEqual([]);
      expect(d).toEqual([]);
      expect(withBob.position).toBe(2);
      seen = await watch(alice, bob, dave);
      const top = await t.post(`friendships/${withBob.id}/move-to-top`, undefined, {
        token: alice.token,
      });
      expect(top.status).toBe(200);
      [a, b, d] = await seen();
      expect(types(a)).toEqual(['friendship.updated']);
      expect(a[0].data).toEqual(top.body);
      expect(a[0].data).toMatchObject({ id: withBob.id, position: 1 });
      expect(b).toEqual([]);
      expect(d).toEqual([]);
      // Someone else's friendship is a 404 and tells nobody.
      seen = await watch(alice, bob);
      expect(
        (await t.patch(`friendships/${withBob.id}`, { remarked_name: 'x' }, { token: bob.token }))
          .status,
      ).toBe(404);
      expect(await seen()).toEqual([[], []]);
    });

    it('removed (unfriend): both sides, each with his own friendship id', async () => {
      const [alice, bob, carol] = await users('Alice', 'Bob', 'Carol');
      await befriend(t, alice, bob);
      const [aliceSide, bobSide] = [await friendshipOf(alice, bob), await friendshipOf(bob, alice)];
      const seen = await watch(alice, bob, carol);
      expect((await t.delete(`friendships/${aliceSide.id}`, { token: alice.token })).status).toBe(
        204,
      );
      const [a, b, c] = await seen();
      expect(a).toEqual([
        expect.objectContaining({
          type: 'friendship.removed',
          data: { id: aliceSide.id, friend_id: bob.id },
        }),
      ]);
      expect(b).toEqual([
        expect.objectContaining({
          type: 'friendship.removed',
          data: { id: bobSide.id, friend_id: alice.id },
        }),
      ]);
      expect(c).toEqual([]);
    });
  });

  describe('block.*', () => {
    it('blocking a friend: the blocker hears the block, the blocked only that the friendship ended', async () => {
      const [alice, bob, carol] = await users('Alice', 'Bob', 'Carol');
      await befriend(t, alice, bob);
      const [aliceSide, bobSide] = [await friendshipOf(alice, bob), await friendshipOf(bob, alice)];
      const seen = await watch(alice, bob, carol);
      expect((await t.post('blocks', { user_id: bob.id }, { token: alice.token })).status).toBe(
        201,
      );
      const [a, b, c] = await seen();
      expect(types(a)).toEqual(['block.created', 'friendship.removed']);
      expect(a[0].data).toEqual(await blockEntry(alice, bob));
      expect(a[1].data).toEqual({ id: aliceSide.id, friend_id: bob.id });
      expect(b).toEqual([
        expect.objectContaining({
          type: 'friendship.removed',
          data: { id: bobSide.id, friend_id: alice.id },
        }),
      ]);
      expect(c).toEqual([]);
      // Blocking him again changes nothing and tells nobody.
      const again = await watch(alice, bob);
      expect((await t.post('blocks', { user_id: bob.id }, { token: alice.token })).status).toBe(
        200,
      );
      expect(await again()).toEqual([[], []]);
    });

    it('the requests a block closes are told to the blocker only', async () => {
      const [alice, bob] = await users('Alice', 'Bob');
      const id = await sendRequest(t, alice, bob);
      const seen = await watch(bob, alice);
      expect((await t.post('blocks', { user_id: alice.id }, { token: bob.token })).status).toBe(
        201,
      );
      const [b, a] = await seen();
      expect(types(b)).toEqual(['block.created', 'friend_request.rejected']);
      expect(b[1].data).toEqual(await listed(bob, 'received', id));
      expect(a).toEqual([]);
    });

    it('removed: to the blocker only, with the entry as his list showed it', async () => {
      const [alice, bob] = await users('Alice', 'Bob');
      await t.post('blocks', { user_id: bob.id }, { token: alice.token });
      const entry = await blockEntry(alice, bob);
      const seen = await watch(alice, bob);
      expect((await t.delete(`blocks/${bob.id}`, { token: alice.token })).status).toBe(204);
      const [a, b] = await seen();
      expect(types(a)).toEqual(['block.removed']);
      expect(a[0].data).toEqual(entry);
      expect(b).toEqual([]);
      // Nothing to unblock: a 404 and no event.
      const again = await watch(alice);
      expect((await t.delete(`blocks/${bob.id}`, { token: alice.token })).status).toBe(404);
      expect(await again()).toEqual([[]]);
    });
  });

  describe('contact_list.updated', () => {
    it('pin and unpin: to the user only, with the entry’s type, id and pinned', async () => {
      const [alice, bob] = await users('Alice', 'Bob');
      const seen = await watch(alice, bob);
      const pinned = await t.post(`contact-list/user/${bob.id}/pin`, undefined, {
        token: alice.token,
      });
      expect(pinned.status).toBe(200);
      const unpinned = await t.delete(`contact-list/user/${bob.id}/pin`, { token: alice.token });
      expect(unpinned.status).toBe(200);
      const [a, b] = await seen();
      expect(types(a)).toEqual(['contact_list.updated', 'contact_list.updated']);
      expect(a.map((e) => e.data)).toEqual([
        { type: 'user', id: bob.id, pinned: true },
        { type: 'user', id: bob.id, pinned: false },
      ]);
      expect(pinned.body).toMatchObject(a[0].data);
      expect(unpinned.body).toMatchObject(a[1].data);
      expect(b).toEqual([]);
    });
  });

  it('a token without party_contact receives none of these types', async () => {
    const alice = await user('Alice');
    const noContact = await createUser(t, { scopes: ['party_user', 'party_message'] });
    const cursor = await startCursor(t, noContact.token);
    const id = await sendRequest(t, alice, noContact);
    await t.post(`friend-requests/${id}/withdraw`, undefined, { token: alice.token });
    await t.post('blocks', { user_id: noContact.id }, { token: alice.token });
    await settle(t);
    const { events } = await drain(t, noContact.token, cursor);
    // He does read events (the request's system message), just none of the contact scope.
    expect(types(events)).toContain('message.created');
    expect(events.filter((e) => CONTACT_TYPE.test(e.type))).toEqual([]);
  });

  it('a friend request arrives live over the WebSocket', async () => {
    const [alice, bob] = await users('Alice', 'Bob');
    const client = await connectSocket(t, bob.token);
    try {
      const id = await sendRequest(t, alice, bob);
      const frame = await client.waitFor(
        (f) => f.type === 'friend_request.created' && f.data?.id === id,
      );
      expect(frame.id).toEqual(expect.any(String));
      expect(frame.data).toEqual(await listed(bob, 'received', id));
      expect(frame.data.from_user).toMatchObject({ id: alice.id, name: 'Alice' });
    } finally {
      await client.close();
    }
  });
});
