import { randomUUID } from 'node:crypto';
import { CatchChatIds } from '../../src/compat/catchchat/catchchat-ids';
import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { catchchat, form, ISO_TIME } from './catchchat-support';

describe('CatchChat v4: users, friendships and friend requests (seed 004)', () => {
  let t: TestApp;
  let ruanwz: TestUser;
  let tumayun: TestUser;
  let outsider: TestUser;
  let ids: { ruanwz: number; tumayun: number; outsider: number };

  /** The integer id CatchChat shows for a user. */
  async function intIdOf(user: TestUser): Promise<number> {
    const me = await catchchat(t, user.token).get('/api/v4/user');
    return me.body.id as number;
  }

  beforeAll(async () => {
    t = await startTestApp();
    ruanwz = await createUser(t, { username: 'ruanwztest', mobile: '+8615158166372' });
    tumayun = await createUser(t, { username: 'tumayun' });
    outsider = await createUser(t, { username: 'outsider' });
    ids = {
      ruanwz: await intIdOf(ruanwz),
      tumayun: await intIdOf(tumayun),
      outsider: await intIdOf(outsider),
    };
  });
  afterAll(async () => {
    await t.close();
  });

  describe('integer ids', () => {
    it('gives a resource one alias, even when many requests ask for it at once', async () => {
      const aliases = t.app.get(CatchChatIds);
      const uuids = [randomUUID(), randomUUID(), randomUUID()];
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => aliases.aliases('friendship', uuids)),
      );
      for (const answer of answers) {
        expect([...answer.entries()].sort()).toEqual([...answers[0].entries()].sort());
      }
      expect(new Set(answers[0].values()).size).toBe(3);
      // Each kind has its own alias for the same UUID; the integer leads back to it.
      const asUser = await aliases.alias('user', uuids[0]);
      expect(asUser).not.toBe(answers[0].get(uuids[0]));
      expect(await aliases.resolve('friendship', String(answers[0].get(uuids[0])))).toBe(uuids[0]);
      await expect(aliases.resolve('friendship', String(asUser))).rejects.toMatchObject({
        status: 404,
      });
    });
  });

  describe('user and users', () => {
    it('GET /api/v4/user answers the seed fields with an integer id', async () => {
      const res = await catchchat(t, ruanwz.token).get('/api/v4/user');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: ids.ruanwz,
        name: 'ruanwztest',
        username: 'ruanwztest',
        nickname: 'ruanwztest',
        phone_code: null,
        mobile: '+8615158166372',
        mobile_verified: true,
        time_zone: 'UTC',
        state: 1,
        state_string: '活跃',
        avatar_url: null,
      });
      // The alias is stable.
      expect(await intIdOf(ruanwz)).toBe(ids.ruanwz);
    });

    it('PATCH /api/v4/user takes the seed example form', async () => {
      const res = await catchchat(t, tumayun.token).patch(
        '/api/v4/user',
        form({
          nickname: 'Tumayun',
          avatar_url: 'http://catch-avatars.qiniudn.om/sJAUYG6nc84glXkq.jpg',
        }),
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: ids.tumayun,
        name: 'Tumayun',
        nickname: 'Tumayun',
        avatar_url: 'http://catch-avatars.qiniudn.om/sJAUYG6nc84glXkq.jpg',
      });
      const bad = await catchchat(t, tumayun.token).patch('/api/v4/user', form({ nickname: '' }));
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatch(/nickname/);
    });

    it('users/search answers the users envelope', async () => {
      const res = await catchchat(t, ruanwz.token).get('/api/v4/users/search?q=t');
      expect(res.status).toBe(200);
      expect(res.body.current_page).toBe(1);
      expect(res.body.per_page).toBe(30);
      expect(res.body.count).toBe(res.body.users.length);
      expect(res.body.users).toContainEqual({
        id: ids.tumayun,
        name: 'Tumayun',
        username: 'tumayun',
        nickname: 'Tumayun',
        avatar_url: 'http://catch-avatars.qiniudn.om/sJAUYG6nc84glXkq.jpg',
      });
      const empty = await catchchat(t, ruanwz.token).get('/api/v4/users/search');
      expect(empty.status).toBe(400);
      expect(empty.body.error).toMatch(/q/);
    });

    it('validates usernames and mobile numbers without a token', async () => {
      const free = await catchchat(t).get('/api/v4/users/username_validate?username=freename');
      expect(free.status).toBe(200);
      expect(free.body).toEqual({ available: true });
      const taken = await catchchat(t).get('/api/v4/users/username_validate?username=tumayun');
      expect(taken.body).toEqual({ available: false, message: '用户名已经被使用' });
      const used = await catchchat(t).get(
        '/api/v4/users/mobile_validate?phone_code=86&mobile=15158166372',
      );
      expect(used.body).toEqual({ available: false, message: '手机号已经被使用' });
      const open = await catchchat(t).get(
        '/api/v4/users/mobile_validate?phone_code=86&mobile=13912345678',
      );
      expect(open.body).toEqual({ available: true });
    });
  });

  describe('friend requests and friendships', () => {
    let requestId: number;
    let friendshipId: number;

    it('POST /api/v4/friend_requests -F friend_id=... answers the pending request', async () => {
      const res = await catchchat(t, ruanwz.token).post(
        '/api/v4/friend_requests',
        form({ friend_id: ids.tumayun }),
      );
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(Number),
        user_id: ids.ruanwz,
        friend_id: ids.tumayun,
        state: 1,
        state_string: '等待中',
        created_at: expect.stringMatching(ISO_TIME),
        created_at_string: expect.any(String),
        updated_at: expect.stringMatching(ISO_TIME),
        updated_at_string: expect.any(String),
        friend: {
          id: ids.tumayun,
          username: 'tumayun',
          nickname: 'Tumayun',
          name: 'Tumayun',
          avatar_url: 'http://catch-avatars.qiniudn.om/sJAUYG6nc84glXkq.jpg',
        },
      });
      requestId = res.body.id;
    });

    it('refuses an unknown friend_id (422) and a missing one (400), JSON bodies too', async () => {
      const unknown = await catchchat(t, ruanwz.token).post('/api/v4/friend_requests', {
        friend_id: 987654321,
      });
      expect(unknown.status).toBe(422);
      expect(unknown.body.error).toMatch(/friend_id/);
      const missing = await catchchat(t, ruanwz.token).post('/api/v4/friend_requests', {});
      expect(missing.status).toBe(400);
      expect(missing.body.error).toMatch(/friend_id/);
    });

    it('lists received / sent requests by state in the friend_requests envelope', async () => {
      const received = await catchchat(t, tumayun.token).get(
        '/api/v4/friend_requests/received/pending',
      );
      expect(received.status).toBe(200);
      expect(received.body).toEqual({
        friend_requests: [
          expect.objectContaining({
            id: requestId,
            user_id: ids.ruanwz,
            friend_id: ids.tumayun,
            state: 1,
            friend: expect.objectContaining({ id: ids.ruanwz, name: 'ruanwztest' }),
          }),
        ],
        current_page: 1,
        per_page: 30,
        count: 1,
      });
      const sentAccepted = await catchchat(t, ruanwz.token).get(
        '/api/v4/friend_requests/sent/accepted',
      );
      expect(sentAccepted.body).toEqual({
        friend_requests: [],
        current_page: 1,
        per_page: 30,
        count: 0,
      });
      const badState = await catchchat(t, ruanwz.token).get(
        '/api/v4/friend_requests/sent/withdrawn',
      );
      expect(badState.status).toBe(400);
      expect(badState.body.error).toMatch(/state/);
    });

    it('lets only the receiver accept: the sender and an outsider are refused', async () => {
      const bySender = await catchchat(t, ruanwz.token).patch(
        `/api/v4/friend_requests/received/${requestId}/accept`,
      );
      expect(bySender.status).toBe(403);
      const byOutsider = await catchchat(t, outsider.token).patch(
        `/api/v4/friend_requests/received/${requestId}/accept`,
      );
      expect(byOutsider.status).toBe(404);
      expect(Object.keys(byOutsider.body)).toEqual(['error']);
    });

    it('PATCH .../received/:id/accept (the seed example) makes them friends', async () => {
      const res = await catchchat(t, tumayun.token).patch(
        `/api/v4/friend_requests/received/${requestId}/accept`,
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: requestId,
        user_id: ids.ruanwz,
        friend_id: ids.tumayun,
        state: 2,
        state_string: '已接受',
        friend: { id: ids.ruanwz, username: 'ruanwztest' },
      });
      const again = await catchchat(t, tumayun.token).post(
        `/api/v4/friend_requests/received/${requestId}/accept`,
      );
      expect(again.status).toBe(409);
      const sent = await catchchat(t, ruanwz.token).get('/api/v4/friend_requests/sent/accepted');
      expect(sent.body.count).toBe(1);
      expect(sent.body.friend_requests[0].friend.id).toBe(ids.tumayun);
    });

    it('GET /api/v4/friendships?page=1&per_page=10 answers the friendships envelope', async () => {
      const res = await catchchat(t, ruanwz.token).get('/api/v4/friendships?page=1&per_page=10');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        friendships: [
          {
            id: expect.any(Number),
            user_id: ids.ruanwz,
            friend_id: ids.tumayun,
            contact_name: null,
            remarked_name: null,
            position: 1,
            name: 'Tumayun',
            created_at: expect.stringMatching(ISO_TIME),
            created_at_string: expect.any(String),
            updated_at: expect.stringMatching(ISO_TIME),
            updated_at_string: expect.any(String),
            friend: {
              id: ids.tumayun,
              username: 'tumayun',
              nickname: 'Tumayun',
              avatar_url: 'http://catch-avatars.qiniudn.om/sJAUYG6nc84glXkq.jpg',
            },
          },
        ],
        current_page: 1,
        per_page: 10,
        count: 1,
      });
      expect(res.headers.get('link')).toContain('rel="first"');
      friendshipId = res.body.friendships[0].id;
      const recent = await catchchat(t, ruanwz.token).get(
        '/api/v4/friendships/recent?page=1&per_page=10',
      );
      expect(recent.body).toEqual({ friendships: [], current_page: 1, per_page: 10, count: 0 });
    });

    it('reads one friendship by id and by friend id; another user sees neither', async () => {
      const byId = await catchchat(t, ruanwz.token).get(`/api/v4/friendships/${friendshipId}`);
      expect(byId.status).toBe(200);
      expect(byId.body).toMatchObject({ id: friendshipId, friend_id: ids.tumayun });
      const withFriend = await catchchat(t, ruanwz.token).get(
        `/api/v4/friendships/with/${ids.tumayun}`,
      );
      expect(withFriend.body.id).toBe(friendshipId);
      const foreign = await catchchat(t, outsider.token).get(`/api/v4/friendships/${friendshipId}`);
      expect(foreign.status).toBe(404);
      const notFriends = await catchchat(t, outsider.token).get(
        `/api/v4/friendships/with/${ids.tumayun}`,
      );
      expect(notFriends.status).toBe(404);
      const nonsense = await catchchat(t, ruanwz.token).get('/api/v4/friendships/abc');
      expect(nonsense.status).toBe(404);
    });

    it('PATCH friendships/:id -F remarked_name -F contact_name, then search and move_to_top', async () => {
      const res = await catchchat(t, ruanwz.token).patch(
        `/api/v4/friendships/${friendshipId}`,
        form({ remarked_name: 'tumayun', contact_name: '涂马云' }),
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: friendshipId,
        contact_name: '涂马云',
        remarked_name: 'tumayun',
        name: 'tumayun',
      });
      const search = await catchchat(t, ruanwz.token).get('/api/v4/friendships/search?q=tumayun');
      expect(search.body).toMatchObject({ current_page: 1, per_page: 30, count: 1 });
      expect(search.body.friendships[0].id).toBe(friendshipId);
      const top = await catchchat(t, ruanwz.token).patch(
        `/api/v4/friendships/${friendshipId}/move_to_top`,
      );
      expect(top.status).toBe(200);
      expect(top.body).toEqual({});
      const foreign = await catchchat(t, outsider.token).patch(
        `/api/v4/friendships/${friendshipId}/move_to_top`,
      );
      expect(foreign.status).toBe(404);
    });

    it('reject and block: the native rules (a blocked sender is silenced)', async () => {
      const asked = await catchchat(t, outsider.token).post(
        '/api/v4/friend_requests',
        form({ friend_id: ids.ruanwz }),
      );
      const rejected = await catchchat(t, ruanwz.token).patch(
        `/api/v4/friend_requests/received/${asked.body.id}/reject`,
      );
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({ state: 3, state_string: '已拒绝' });
      const again = await catchchat(t, outsider.token).post(
        '/api/v4/friend_requests',
        form({ friend_id: ids.ruanwz }),
      );
      const blocked = await catchchat(t, ruanwz.token).post(
        `/api/v4/friend_requests/received/${again.body.id}/block`,
      );
      expect(blocked.status).toBe(200);
      expect(blocked.body).toMatchObject({ state: 4, state_string: '已禁止' });
      const silenced = await catchchat(t, outsider.token).post(
        '/api/v4/friend_requests',
        form({ friend_id: ids.ruanwz }),
      );
      expect(silenced.status).toBe(201);
      expect(silenced.body.state).toBe(1);
      const pending = await catchchat(t, ruanwz.token).get(
        '/api/v4/friend_requests/received/pending',
      );
      expect(pending.body.count).toBe(0);
    });

    it('POST /api/v4/unfriend_requests -F friend_id=... ends the friendship on both sides', async () => {
      const stranger = await catchchat(t, outsider.token).post(
        '/api/v4/unfriend_requests',
        form({ friend_id: ids.tumayun }),
      );
      expect(stranger.status).toBe(404);
      const res = await catchchat(t, tumayun.token).post(
        '/api/v4/unfriend_requests',
        form({ friend_id: ids.ruanwz }),
      );
      expect(res.status).toBe(201);
      expect(res.body).toEqual({});
      const mine = await catchchat(t, ruanwz.token).get('/api/v4/friendships');
      expect(mine.body.count).toBe(0);
      const gone = await catchchat(t, ruanwz.token).get(`/api/v4/friendships/${friendshipId}`);
      expect(gone.status).toBe(404);
    });

    it('pages as the seed says: per_page up to 100, a Link header', async () => {
      const over = await catchchat(t, ruanwz.token).get('/api/v4/friendships?per_page=101');
      expect(over.status).toBe(400);
      expect(over.body.error).toMatch(/per_page/);
      const page = await catchchat(t, ruanwz.token).get('/api/v4/friendships?page=2&per_page=100');
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({ friendships: [], current_page: 2, per_page: 100 });
      expect(page.headers.get('link')).toContain('rel="prev"');
      expect(page.headers.get('x-total-count')).toBe(String(page.body.count));
    });

    it('needs party_contact', async () => {
      const limited = await createUser(t, { scopes: ['party_user'] });
      const res = await catchchat(t, limited.token).get('/api/v4/friendships');
      expect(res.status).toBe(403);
      expect(res.body.error).toContain('party_contact');
    });
  });
});
