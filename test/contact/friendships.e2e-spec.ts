import { Clock } from '../../src/message/clock';
import { ContactService } from '../../src/contact/contact.service';
import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import {
  befriend,
  friendshipWith,
  MISSING_ID,
  recordContactEvents,
  RecordedEvent,
} from './contact-test-kit';

describe('friendships and friend lists', () => {
  let t: TestApp;
  let events: RecordedEvent[];
  let contacts: ContactService;
  let noScope: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    events = recordContactEvents(t);
    contacts = t.app.get(ContactService);
    noScope = await createUser(t, { scopes: ['party_user', 'party_group'] });
  });
  afterAll(async () => {
    await t.close();
  });

  const user = (nickname: string, username?: string) => createUser(t, { nickname, username });
  /** A private text from one to the other (201): what puts friends in contact. */
  const message = async (from: TestUser, to: TestUser) => {
    const res = await t.post('messages', { to_user: to.id, content: 'hi' }, { token: from.token });
    expect(res.status).toBe(201);
    return res.body as { created_at: string };
  };
  const listIds = async (u: TestUser, path = 'friendships', query = {}) => {
    const res = await t.get(path, { token: u.token, query });
    expect(res.status).toBe(200);
    return (res.body.data as any[]).map((f) => f.friend.id as string);
  };

  describe('friendships', () => {
    it('shows each side its own friendship after accept, and neither after unfriend', async () => {
      const [alice, bob] = [await user('Alice'), await user('Bob')];
      await befriend(t, alice, bob);
      const mine = await t.get('friendships', { token: alice.token });
      expect(mine.status).toBe(200);
      expect(mine.body).toMatchObject({ page: 1, per_page: 30, total_count: 1 });
      const friendship = mine.body.data[0];
      expect(friendship).toMatchObject({
        friend: {
          id: bob.id,
          username: bob.username,
          nickname: 'Bob',
          name: 'Bob',
          avatar_url: null,
        },
        remarked_name: null,
        contact_name: null,
        name: 'Bob',
        position: 1,
        last_contacted_at: null,
        last_contacted_at_string: null,
      });
      expect(friendship.created_at).toMatch(/Z$/);
      expect(typeof friendship.created_at_string).toBe('string');
      const theirs = await t.get('friendships', { token: bob.token });
      expect(theirs.body.data[0]).toMatchObject({ friend: { id: alice.id }, name: 'Alice' });
      expect(theirs.body.data[0].id).not.toBe(friendship.id);
      // By id and by friend id.
      expect((await t.get(`friendships/${friendship.id}`, { token: alice.token })).body).toEqual(
        friendship,
      );
      expect(await friendshipWith(t, alice, bob)).toEqual(friendship);
      const said = await t.post(
        'messages',
        { to_user: bob.id, content: 'before we parted' },
        { token: alice.token },
      );
      expect(said.status).toBe(201);
      // Unfriend: both sides gone, one event.
      events.length = 0;
      const res = await t.delete(`friendships/${friendship.id}`, { token: alice.token });
      expect(res.status).toBe(204);
      expect(events).toEqual([
        { name: 'contact.friendship.removed', payload: { userId: alice.id, friendId: bob.id } },
      ]);
      expect(await listIds(alice)).toEqual([]);
      expect(await listIds(bob)).toEqual([]);
      expect(await friendshipWith(t, bob, alice)).toBeNull();
      // The conversation and its history stay with both.
      const history = await t.get(`conversations/user/${alice.id}/messages`, { token: bob.token });
      expect(history.body.data.map((m: { id: string }) => m.id)).toContain(said.body.id);
      expect((await t.get(`friendships/${friendship.id}`, { token: alice.token })).status).toBe(
        404,
      );
      expect((await t.delete(`friendships/${friendship.id}`, { token: alice.token })).status).toBe(
        404,
      );
      // They may become friends again.
      await befriend(t, bob, alice);
      expect(await listIds(alice)).toEqual([bob.id]);
    });

    it("gives 404 for another user's friendship id, on every route", async () => {
      const [alice, bob, eve] = [await user('Alice'), await user('Bob'), await user('Eve')];
      await befriend(t, alice, bob);
      const id = (await friendshipWith(t, alice, bob))!.id as string;
      const attempts = [
        t.get(`friendships/${id}`, { token: eve.token }),
        t.patch(`friendships/${id}`, { remarked_name: 'x' }, { token: eve.token }),
        t.post(`friendships/${id}/move-to-top`, undefined, { token: eve.token }),
        t.delete(`friendships/${id}`, { token: eve.token }),
        // Bob's side is not Alice's friendship id either.
        t.get(`friendships/${id}`, { token: bob.token }),
        t.delete(`friendships/${id}`, { token: bob.token }),
        t.get(`friendships/${MISSING_ID}`, { token: alice.token }),
        t.get('friendships/12', { token: alice.token }),
        t.get(`friendships/with/${eve.id}`, { token: alice.token }),
        t.get(`friendships/with/${alice.id}`, { token: eve.token }),
        t.get('friendships/with/nobody', { token: alice.token }),
      ];
      for (const res of await Promise.all(attempts)) {
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('not_found');
      }
      const still = await friendshipWith(t, alice, bob);
      expect(still).toMatchObject({ id, remarked_name: null });
    });

    it('updates remarked and contact names: name = remarked || contact || nickname', async () => {
      const [alice, bob] = [await user('Alice'), await user('Bob')];
      await befriend(t, alice, bob);
      const id = (await friendshipWith(t, alice, bob))!.id as string;
      const both = await t.patch(
        `friendships/${id}`,
        { remarked_name: '鲍勃哥', contact_name: '鲍勃' },
        { token: alice.token },
      );
      expect(both.status).toBe(200);
      expect(both.body).toMatchObject({
        remarked_name: '鲍勃哥',
        contact_name: '鲍勃',
        name: '鲍勃哥',
        friend: { name: '鲍勃哥', nickname: 'Bob' },
      });
      const form = await t.patch(`friendships/${id}`, new URLSearchParams({ remarked_name: '' }), {
        token: alice.token,
      });
      expect(form.status).toBe(200);
      expect(form.body).toMatchObject({ remarked_name: null, contact_name: '鲍勃', name: '鲍勃' });
      const cleared = await t.patch(
        `friendships/${id}`,
        { contact_name: null },
        {
          token: alice.token,
        },
      );
      expect(cleared.body).toMatchObject({ remarked_name: null, contact_name: null, name: 'Bob' });
      // Bob's own view is untouched.
      expect(await friendshipWith(t, bob, alice)).toMatchObject({ name: 'Alice' });
      // Other modules see Alice's names for Bob through describePeople.
      await t.patch(`friendships/${id}`, { remarked_name: '老鲍' }, { token: alice.token });
      const people = await contacts.describePeople(alice.id, [bob.id, MISSING_ID, 'junk']);
      expect([...people.keys()]).toEqual([bob.id]);
      expect(people.get(bob.id)).toEqual({
        id: bob.id,
        username: bob.username,
        nickname: 'Bob',
        name: '老鲍',
        avatar_url: null,
      });
      expect((await contacts.describePeople(bob.id, [alice.id])).get(alice.id)?.name).toBe('Alice');
      // Bad input changes nothing.
      for (const body of [{ remarked_name: 'x'.repeat(65) }, { contact_name: 3 }, { nick: 'x' }]) {
        const res = await t.patch(`friendships/${id}`, body, { token: alice.token });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('validation_failed');
      }
      expect(await friendshipWith(t, alice, bob)).toMatchObject({ remarked_name: '老鲍' });
    });

    it('orders by position: contact and move-to-top bring a friend to position 1', async () => {
      const me = await user('Me');
      const [f1, f2, f3] = [await user('F1'), await user('F2'), await user('F3')];
      for (const f of [f1, f2, f3]) await befriend(t, me, f);
      expect(await listIds(me)).toEqual([f3.id, f2.id, f1.id]);
      const sent = await message(f1, me);
      expect(await listIds(me)).toEqual([f1.id, f3.id, f2.id]);
      const mine = await friendshipWith(t, me, f1);
      expect(mine).toMatchObject({ position: 1 });
      expect(mine!.last_contacted_at).toBe(sent.created_at);
      expect((await friendshipWith(t, f1, me))!.last_contacted_at).toBe(mine!.last_contacted_at);
      const f2Id = (await friendshipWith(t, me, f2))!.id as string;
      expect((await friendshipWith(t, me, f2))!.position).toBe(3);
      const moved = await t.post(`friendships/${f2Id}/move-to-top`, undefined, {
        token: me.token,
      });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ id: f2Id, position: 1 });
      expect(await listIds(me)).toEqual([f2.id, f1.id, f3.id]);
      const page2 = await t.get('friendships', {
        token: me.token,
        query: { page: 2, per_page: 2 },
      });
      expect(page2.body).toMatchObject({ total_count: 3, page: 2 });
      expect(page2.body.data.map((f: any) => [f.friend.id, f.position])).toEqual([[f3.id, 3]]);
      // Recent: contacted in the last 3 days.
      expect(await listIds(me, 'friendships/recent')).toEqual([f1.id]);
      const clock = t.app.get(Clock);
      clock.freeze(new Date(Date.now() - 4 * 24 * 3600 * 1000));
      await message(me, f3);
      clock.reset();
      expect(await listIds(me, 'friendships/recent')).toEqual([f1.id]);
      expect(await listIds(me)).toEqual([f3.id, f2.id, f1.id]);
      // Not friends: nothing happens.
      const stranger = await user('Stranger');
      await message(me, stranger);
      expect(await listIds(me)).toEqual([f3.id, f2.id, f1.id]);
      const badPage = await t.get('friendships/recent', { token: me.token, query: { page: 0 } });
      expect(badPage.status).toBe(400);
    });

    it('searches remarked names, contact names, nicknames and usernames, Chinese included', async () => {
      const me = await user('Me');
      const lilei = await user('李雷', `lilei${Date.now() % 100000}`);
      const han = await user('Han', `hanmm${Date.now() % 100000}`);
      const tom = await user('Tom', `TomCat${Date.now() % 10000}`);
      const other = await user('李四');
      for (const f of [lilei, han, tom]) await befriend(t, me, f);
      const hanId = (await friendshipWith(t, me, han))!.id as string;
      await t.patch(`friendships/${hanId}`, { remarked_name: '韩梅梅' }, { token: me.token });
      const tomId = (await friendshipWith(t, me, tom))!.id as string;
      await t.patch(`friendships/${tomId}`, { contact_name: '汤姆 Smith' }, { token: me.token });
      const search = (q: string) => listIds(me, 'friendships/search', { q });
      expect(await search('李')).toEqual([lilei.id]);
      expect(await search('梅梅')).toEqual([han.id]);
      expect(await search('汤姆')).toEqual([tom.id]);
      expect(await search('smith')).toEqual([tom.id]);
      expect(await search('TOMCAT')).toEqual([tom.id]);
      expect(await search('LiLei')).toEqual([lilei.id]);
      expect(await search('han')).toEqual([han.id]);
      expect(await search('%')).toEqual([]);
      expect(await search('_')).toEqual([]);
      expect(await search('nobody')).toEqual([]);
      const res = await t.get('friendships/search', { token: me.token, query: { q: '李' } });
      expect(res.body).toMatchObject({ total_count: 1 });
      expect(res.body.data[0]).toMatchObject({ name: '李雷', position: 3 });
      expect((await listIds(other, 'friendships/search', { q: '李' })).length).toBe(0);
      for (const query of [{}, { q: '' }, { q: 'x'.repeat(65) }]) {
        const bad = await t.get('friendships/search', { token: me.token, query });
        expect(bad.status).toBe(400);
        expect(bad.body.details[0].field).toBe('q');
      }
    });
  });

  describe('ContactService for other modules', () => {
    it('answers friends, friends among, and who blocked whom', async () => {
      const [me, a, b, c] = [await user('Me'), await user('A'), await user('B'), await user('C')];
      await befriend(t, me, a);
      await befriend(t, me, b);
      expect(await contacts.friendIds(me.id)).toEqual([b.id, a.id]);
      expect(await contacts.friendIds(c.id)).toEqual([]);
      expect(await contacts.friendIdsAmong(me.id, [a.id, c.id, 'junk'])).toEqual(new Set([a.id]));
      expect(await contacts.friendIdsAmong(me.id, [])).toEqual(new Set());
      await t.post('blocks', { user_id: me.id }, { token: c.token });
      await t.post('blocks', { user_id: me.id }, { token: b.token });
      expect(await contacts.usersWhoBlocked(me.id, [a.id, b.id, c.id])).toEqual(
        new Set([b.id, c.id]),
      );
      expect(await contacts.usersWhoBlocked(c.id, [me.id])).toEqual(new Set());
      expect(await contacts.friendIds(me.id)).toEqual([a.id]);
    });
  });

  describe('friend lists', () => {
    it('creates, lists, renames and deletes lists; friendships by position; several lists', async () => {
      const me = await user('Me');
      const [f1, f2, f3] = [await user('F1'), await user('F2'), await user('F3')];
      for (const f of [f1, f2, f3]) await befriend(t, me, f);
      const ids = {
        f1: (await friendshipWith(t, me, f1))!.id as string,
        f2: (await friendshipWith(t, me, f2))!.id as string,
        f3: (await friendshipWith(t, me, f3))!.id as string,
      };
      const created = await t.post('friend-lists', { name: '同学' }, { token: me.token });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: '同学', friendships: [] });
      expect(typeof created.body.created_at_string).toBe('string');
      const listId = created.body.id as string;
      const other = await t.post('friend-lists', new URLSearchParams({ name: '同事' }), {
        token: me.token,
      });
      expect(other.status).toBe(201);
      for (const id of [ids.f1, ids.f3]) {
        const add = await t.post(
          `friend-lists/${listId}/friendships`,
          { friendship_id: id },
          {
            token: me.token,
          },
        );
        expect(add.status).toBe(201);
      }
      const again = await t.post(
        `friend-lists/${listId}/friendships`,
        { friendship_id: ids.f1 },
        {
          token: me.token,
        },
      );
      expect(again.status).toBe(200);
      expect(again.body.friendships.map((f: any) => f.id)).toEqual([ids.f3, ids.f1]);
      await t.post(
        `friend-lists/${other.body.id}/friendships`,
        { friendship_id: ids.f1 },
        {
          token: me.token,
        },
      );
      const one = await t.get(`friend-lists/${listId}`, { token: me.token });
      expect(one.status).toBe(200);
      expect(one.body.friendships[0]).toMatchObject({
        id: ids.f3,
        friend: { id: f3.id },
        name: 'F3',
        position: 1,
      });
      // A contact reorders the list too.
      await message(me, f1);
      const all = await t.get('friend-lists', { token: me.token });
      expect(all.body.total_count).toBe(2);
      expect(all.body.data.map((l: any) => [l.name, l.friendships.map((f: any) => f.id)])).toEqual([
        ['同学', [ids.f1, ids.f3]],
        ['同事', [ids.f1]],
      ]);
      const renamed = await t.patch(
        `friend-lists/${listId}`,
        { name: '老同学' },
        {
          token: me.token,
        },
      );
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ id: listId, name: '老同学' });
      // Unfriending takes the friendship out of every list.
      await t.delete(`friendships/${ids.f1}`, { token: me.token });
      const after = await t.get('friend-lists', { token: me.token });
      expect(after.body.data.map((l: any) => l.friendships.map((f: any) => f.id))).toEqual([
        [ids.f3],
        [],
      ]);
      const removed = await t.delete(`friend-lists/${listId}/friendships/${ids.f3}`, {
        token: me.token,
      });
      expect(removed.status).toBe(204);
      expect(
        (await t.delete(`friend-lists/${listId}/friendships/${ids.f3}`, { token: me.token }))
          .status,
      ).toBe(404);
      expect((await t.delete(`friend-lists/${listId}`, { token: me.token })).status).toBe(204);
      expect((await t.get(`friend-lists/${listId}`, { token: me.token })).status).toBe(404);
      expect((await t.get('friend-lists', { token: me.token })).body.total_count).toBe(1);
      expect(await listIds(me)).toEqual([f3.id, f2.id]);
    });

    it("refuses bad input, others' friendships (422) and others' lists (404)", async () => {
      const [me, eve, f] = [await user('Me'), await user('Eve'), await user('F')];
      await befriend(t, eve, f);
      const evesFriendship = (await friendshipWith(t, eve, f))!.id as string;
      const list = (await t.post('friend-lists', { name: 'Mine' }, { token: me.token })).body;
      for (const body of [{}, { name: '' }, { name: 'x'.repeat(65) }, { name: 'a', x: 1 }]) {
        const res = await t.post('friend-lists', body, { token: me.token });
        expect(res.status).toBe(400);
        expect((await t.patch(`friend-lists/${list.id}`, body, { token: me.token })).status).toBe(
          400,
        );
      }
      const foreign = await t.post(
        `friend-lists/${list.id}/friendships`,
        { friendship_id: evesFriendship },
        { token: me.token },
      );
      expect(foreign.status).toBe(422);
      expect(foreign.body).toMatchObject({ code: 'unknown_reference' });
      expect(foreign.body.details[0]).toMatchObject({ field: 'friendship_id' });
      const malformed = await t.post(
        `friend-lists/${list.id}/friendships`,
        { friendship_id: 'x' },
        {
          token: me.token,
        },
      );
      expect(malformed.status).toBe(400);
      const attempts = [
        t.get(`friend-lists/${list.id}`, { token: eve.token }),
        t.patch(`friend-lists/${list.id}`, { name: 'Hacked' }, { token: eve.token }),
        t.delete(`friend-lists/${list.id}`, { token: eve.token }),
        t.post(
          `friend-lists/${list.id}/friendships`,
          { friendship_id: evesFriendship },
          {
            token: eve.token,
          },
        ),
        t.delete(`friend-lists/${list.id}/friendships/${evesFriendship}`, { token: eve.token }),
        t.get(`friend-lists/${MISSING_ID}`, { token: me.token }),
        t.get('friend-lists/7', { token: me.token }),
      ];
      for (const res of await Promise.all(attempts)) expect(res.status).toBe(404);
      const mine = await t.get(`friend-lists/${list.id}`, { token: me.token });
      expect(mine.body).toMatchObject({ name: 'Mine', friendships: [] });
      expect((await t.get('friend-lists', { token: eve.token })).body.total_count).toBe(0);
    });
  });

  describe('tokens and scopes', () => {
    const routes: [string, string][] = [
      ['GET', 'friendships'],
      ['GET', 'friendships/recent'],
      ['GET', 'friendships/search?q=a'],
      ['GET', `friendships/${MISSING_ID}`],
      ['GET', `friendships/with/${MISSING_ID}`],
      ['PATCH', `friendships/${MISSING_ID}`],
      ['POST', `friendships/${MISSING_ID}/move-to-top`],
      ['DELETE', `friendships/${MISSING_ID}`],
      ['GET', 'friend-lists'],
      ['POST', 'friend-lists'],
      ['GET', `friend-lists/${MISSING_ID}`],
      ['PATCH', `friend-lists/${MISSING_ID}`],
      ['DELETE', `friend-lists/${MISSING_ID}`],
      ['POST', `friend-lists/${MISSING_ID}/friendships`],
      ['DELETE', `friend-lists/${MISSING_ID}/friendships/${MISSING_ID}`],
    ];

    it.each(routes)('%s %s needs a token (401) with party_contact (403)', async (method, path) => {
      const body = method === 'GET' || method === 'DELETE' ? undefined : {};
      const anonymous = await t.request(method, path, { body });
      expect(anonymous.status).toBe(401);
      const scoped = await t.request(method, path, { token: noScope.token, body });
      expect(scoped.status).toBe(403);
      expect(scoped.body.code).toBe('insufficient_scope');
    });
  });
});
