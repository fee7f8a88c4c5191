import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createUser, TestUser } from '../support/fixtures';
import { consistencyProblems, startTestApp, TestApp } from '../support/test-app';
import { befriend, friendshipWith } from './contact-test-kit';

describe('address book and people you may know', () => {
  let t: TestApp;
  let db: DataSource;
  let noScope: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    noScope = await createUser(t, { scopes: ['party_user'] });
  });
  afterAll(async () => {
    await t.close();
  });

  const user = (nickname: string, mobile?: string) => createUser(t, { nickname, mobile });
  const upload = (u: TestUser, contacts: unknown) =>
    t.post('address-book', { contacts }, { token: u.token });

  describe('POST address-book', () => {
    it('matches formatted and local numbers, keeping only hashes and names', async () => {
      const me = await user('Me', '+8613900000001');
      const tu = await user('Tumayun', '+8615158166372');
      const li = await user('Lilei', '+8613800000002');
      const res = await upload(me, [
        { name: '涂马云', number: '+86 151-5816-6372' },
        { name: '涂马云（旧）', number: '15158166372' },
        { name: '李雷', number: '138 0000 0002' },
        { name: 'Nobody', number: '+86 139 1234 5678' },
        { name: 'Me myself', number: '13900000001' },
        { name: 'Junk', number: '12345' },
      ]);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ stored_count: 4, invalid_count: 1 });
      expect(res.body.registered_contacts).toEqual([
        {
          name: '涂马云',
          number: '+8615158166372',
          user: {
            id: tu.id,
            username: tu.username,
            nickname: 'Tumayun',
            name: 'Tumayun',
            avatar_url: null,
          },
        },
        {
          name: '李雷',
          number: '+8613800000002',
          user: expect.objectContaining({ id: li.id }),
        },
      ]);
      const rows: { number_hash: string; name: string }[] = await db.query(
        'SELECT * FROM address_book_entries WHERE owner_id = $1 ORDER BY name',
        [me.id],
      );
      expect(rows).toHaveLength(4);
      const hash = createHash('sha256').update('+8615158166372').digest('hex');
      expect(rows.find((r) => r.name === '涂马云')).toMatchObject({ number_hash: hash });
      expect(JSON.stringify(rows)).not.toMatch(/15158166372|13800000002|12345678/);
      // The next upload replaces the book.
      const again = await t.post(
        'address-book',
        new URLSearchParams({
          contacts: JSON.stringify([{ name: '小李', number: '13800000002' }]),
        }),
        { token: me.token },
      );
      expect(again.status).toBe(200);
      expect(again.body.registered_contacts).toEqual([
        { name: '小李', number: '+8613800000002', user: expect.objectContaining({ id: li.id }) },
      ]);
      const left: { name: string }[] = await db.query(
        'SELECT name FROM address_book_entries WHERE owner_id = $1',
        [me.id],
      );
      expect(left).toEqual([{ name: '小李' }]);
      const empty = await upload(me, []);
      expect(empty.body).toEqual({ stored_count: 0, invalid_count: 0, registered_contacts: [] });
    });

    it("reads local numbers with the uploader's country code and names friends from the book", async () => {
      const me = await user('Me');
      await db.query("UPDATE users SET phone_code = '1' WHERE id = $1", [me.id]);
      const us = await user('Sam', '+14155552671');
      const cn = await user('Wang', '+8613700000003');
      await befriend(t, me, us);
      const res = await upload(me, [
        { name: 'Uncle Sam', number: '(415) 555-2671' },
        { name: '王', number: '13700000003' },
        { name: '王', number: '+86 137 0000 0003' },
      ]);
      expect(res.body.registered_contacts).toEqual([
        {
          name: 'Uncle Sam',
          number: '+14155552671',
          user: expect.objectContaining({ id: us.id, name: 'Uncle Sam' }),
        },
        { name: '王', number: '+8613700000003', user: expect.objectContaining({ id: cn.id }) },
      ]);
      expect(await friendshipWith(t, me, us)).toMatchObject({
        contact_name: 'Uncle Sam',
        name: 'Uncle Sam',
      });
      // A friendship made later takes its contact name from the book too.
      await befriend(t, cn, me);
      expect(await friendshipWith(t, me, cn)).toMatchObject({ contact_name: '王', name: '王' });
      expect(await friendshipWith(t, cn, me)).toMatchObject({ contact_name: null });
    });

    it('refuses bad books (400) and leaves the stored one alone', async () => {
      const me = await user('Me');
      await upload(me, [{ name: 'Keep', number: '13600000004' }]);
      const tooMany = Array.from({ length: 5001 }, (_, i) => ({
        name: `n${i}`,
        number: `1360000${String(i).padStart(4, '0')}`,
      }));
      const cases: [unknown, string][] = [
        [tooMany, 'contacts'],
        ['not json', 'contacts'],
        [{ name: 'x', number: '1' }, 'contacts'],
        [[{ number: '13600000004' }], 'contacts.0.name'],
        [[{ name: 'A', number: '' }], 'contacts.0.number'],
        [[{ name: 'A', number: '1'.repeat(33) }], 'contacts.0.number'],
        [[{ name: 'A', number: '13600000004', extra: 1 }], 'contacts.0.extra'],
        [[{ name: 'x'.repeat(65), number: '13600000004' }], 'contacts.0.name'],
        [[[]], 'contacts'],
      ];
      for (const [contacts, field] of cases) {
        const res = await upload(me, contacts);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('validation_failed');
        expect(res.body.details[0].field).toBe(field);
      }
      expect((await t.post('address-book', {}, { token: me.token })).status).toBe(400);
      // A form body carries the book as a JSON string: what it holds is checked the same way.
      for (const contacts of [
        JSON.stringify([{ name: 'a\u0000b', number: '13600000004' }]),
        '['.repeat(5000) + ']'.repeat(5000),
      ]) {
        const form = await t.post('address-book', new URLSearchParams({ contacts }), {
          token: me.token,
        });
        expect(form.status).toBe(400);
        expect(form.body.details[0].field).toMatch(/^contacts/);
      }
      const rows: { name: string }[] = await db.query(
        'SELECT name FROM address_book_entries WHERE owner_id = $1',
        [me.id],
      );
      expect(rows).toEqual([{ name: 'Keep' }]);
      const full = await upload(me, tooMany.slice(0, 5000));
      expect(full.status).toBe(200);
      expect(full.body.stored_count).toBe(5000);
    });
  });

  describe('GET users/may-know', () => {
    it('ranks by common friends, then address-book matches, excluding friends and blocks', async () => {
      const me = await user('Me', '+8613500000001');
      const mine = [];
      for (const name of ['A', 'B', 'C', 'D', 'E', 'F']) mine.push(await user(name));
      const [a, b, c] = mine;
      for (const f of mine) await befriend(t, me, f);
      await befriend(t, a, b);
      const aId = (await friendshipWith(t, me, a))!.id as string;
      await t.patch(`friendships/${aId}`, { remarked_name: '阿甲' }, { token: me.token });
      const x = await user('X');
      for (const f of mine) await befriend(t, x, f);
      const y = await user('Y');
      await befriend(t, y, a);
      await befriend(t, y, b);
      const z = await user('Z', '+8613500000026');
      await befriend(t, z, c);
      const w = await user('W');
      await befriend(t, w, c);
      const v = await user('V', '+8613500000022');
      const u = await user('U');
      const both = await user('Both', '+8613500000023');
      const blockedByMe = await user('Q');
      const blockedMe = await user('R', '+8613500000025');
      for (const f of [a, b, c]) {
        await befriend(t, blockedByMe, f);
        await befriend(t, blockedMe, f);
      }
      await t.post('blocks', { user_id: blockedByMe.id }, { token: me.token });
      await t.post('blocks', { user_id: me.id }, { token: blockedMe.token });
      await upload(me, [
        { name: '小Z', number: '13500000026' },
        { name: '小V', number: '13500000022' },
        { name: '双向', number: '13500000023' },
        { name: 'R', number: '13500000025' },
      ]);
      await upload(u, [{ name: 'Me', number: '13500000001' }]);
      await upload(both, [{ name: 'Me', number: '13500000001' }]);

      const res = await t.get('users/may-know', { token: me.token });
      expect(res.status).toBe(200);
      expect(res.body.total_count).toBe(7);
      const data = res.body.data as any[];
      expect(data.slice(0, 5).map((p) => p.id)).toEqual([x.id, y.id, z.id, w.id, both.id]);
      expect(new Set(data.slice(5).map((p) => p.id))).toEqual(new Set([v.id, u.id]));
      expect(data[0]).toMatchObject({
        id: x.id,
        username: x.username,
        nickname: 'X',
        name: 'X',
        avatar_url: null,
        common_friend_count: 6,
        address_book_name: null,
      });
      expect(data[0].common_friend_names).toHaveLength(5);
      // Most recently befriended (nearest the top of my list) first.
      expect(data[0].common_friend_names).toEqual(['F', 'E', 'D', 'C', 'B']);
      expect(data[1]).toMatchObject({ common_friend_count: 2 });
      expect(data[1].common_friend_names).toEqual(['B', '阿甲']);
      expect(data[2]).toMatchObject({ common_friend_count: 1, address_book_name: '小Z' });
      expect(data[3]).toMatchObject({ common_friend_count: 1, address_book_name: null });
      expect(data[4]).toMatchObject({ common_friend_count: 0, address_book_name: '双向' });
      expect(data.find((p) => p.id === v.id)).toMatchObject({ address_book_name: '小V' });
      expect(data.find((p) => p.id === u.id)).toMatchObject({
        common_friend_count: 0,
        common_friend_names: [],
        address_book_name: null,
      });
      const page2 = await t.get('users/may-know', {
        token: me.token,
        query: { page: 2, per_page: 3 },
      });
      expect(page2.body).toMatchObject({ total_count: 7, page: 2, per_page: 3 });
      expect(page2.body.data.map((p: any) => p.id)).toEqual([w.id, both.id, data[5].id]);
      const past = await t.get('users/may-know', { token: me.token, query: { page: 5 } });
      expect(past.body).toMatchObject({ data: [], total_count: 7 });
      // The blocked ones do not see me either.
      const theirs = await t.get('users/may-know', { token: blockedMe.token });
      expect(theirs.body.data.map((p: any) => p.id)).not.toContain(me.id);
      // A friend's view: his friends are excluded, I am not suggested to my friend.
      const fromA = await t.get('users/may-know', { token: a.token });
      const ids = fromA.body.data.map((p: any) => p.id);
      expect(ids).not.toContain(me.id);
      expect(ids).not.toContain(a.id);
      const bad = await t.get('users/may-know', { token: me.token, query: { per_page: 0 } });
      expect(bad.status).toBe(400);
    });

    it('follows every change after it was ranked (its ranking is stored)', async () => {
      const me = await user('Me2', '+8613500000101');
      const a = await user('A2');
      const x = await user('X2');
      const y = await user('Y2', '+8613500000102');
      await befriend(t, me, a);
      await befriend(t, a, x);
      const ids = async () => {
        const res = await t.get('users/may-know', { token: me.token });
        return (res.body.data as any[]).map((p) => [
          p.id,
          p.common_friend_count,
          p.address_book_name,
        ]);
      };
      expect(await ids()).toEqual([[x.id, 1, null]]);
      // A friend's new friend (the ranking of his friends changes).
      await befriend(t, a, y);
      expect(await ids()).toEqual(
        [
          [x.id, 1, null],
          [y.id, 1, null],
        ].sort((p, q) => (p[0] as string).localeCompare(q[0] as string)),
      );
      // My address book, then a block, then a friendship of my own, then its end.
      await upload(me, [{ name: '小Y2', number: '13500000102' }]);
      expect(await ids()).toEqual([
        [y.id, 1, '小Y2'],
        [x.id, 1, null],
      ]);
      await t.post('blocks', { user_id: me.id }, { token: y.token });
      expect(await ids()).toEqual([[x.id, 1, null]]);
      await befriend(t, me, x);
      expect(await ids()).toEqual([]);
      const friendship = (await friendshipWith(t, me, a))!.id as string;
      await t.delete(`friendships/${friendship}`, { token: me.token });
      expect(await ids()).toEqual([[a.id, 1, null]]);
    });

    it('names the common friends as they are now: a new one at once, in the order messages move', async () => {
      const [me, a, b, x] = [
        await user('Me3'),
        await user('A3'),
        await user('B3'),
        await user('X3'),
      ];
      await befriend(t, me, a);
      await befriend(t, a, x);
      const names = async () => {
        const res = await t.get('users/may-know', { token: me.token });
        return (res.body.data as any[]).map((p) => [p.id, p.common_friend_names]);
      };
      expect(await names()).toEqual([[x.id, ['A3']]]);
      // A new common friend (stored with the ranking: the ranking is made again).
      await befriend(t, me, b);
      await befriend(t, b, x);
      expect(await names()).toEqual([[x.id, ['B3', 'A3']]]);
      // A message moves A up my list: the stored ranking stays, the names' order follows.
      const sent = await t.post('messages', { to_user: a.id, content: 'hi' }, { token: me.token });
      expect(sent.status).toBe(201);
      expect(await names()).toEqual([[x.id, ['A3', 'B3']]]);
      expect(await consistencyProblems(t.databaseUrl)).toBeNull();
    });

    it('is empty for someone with no friends and no book', async () => {
      const loner = await user('Loner');
      const res = await t.get('users/may-know', { token: loner.token });
      expect(res.body).toMatchObject({ data: [], total_count: 0 });
    });
  });

  describe('tokens and scopes', () => {
    it.each([
      ['POST', 'address-book'],
      ['GET', 'users/may-know'],
    ])('%s %s needs a token (401) with party_contact (403)', async (method, path) => {
      const body = method === 'GET' ? undefined : { contacts: [] };
      expect((await t.request(method, path, { body })).status).toBe(401);
      const scoped = await t.request(method, path, { token: noScope.token, body });
      expect(scoped.status).toBe(403);
      expect(scoped.body.code).toBe('insufficient_scope');
    });
  });
});
