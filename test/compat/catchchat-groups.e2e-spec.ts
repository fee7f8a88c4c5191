import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { catchchat, form, ISO_TIME } from './catchchat-support';

describe('CatchChat v4: groups of friends, contacts and may-know (seed 004)', () => {
  let t: TestApp;
  let me: TestUser;
  let tumayun: TestUser;
  let friend2: TestUser;
  let friend6: TestUser;
  let outsider: TestUser;
  const ids: Record<string, number> = {};
  let friendshipId: number;
  let groupId: number;

  async function intIdOf(user: TestUser): Promise<number> {
    return (await catchchat(t, user.token).get('/api/v4/user')).body.id as number;
  }

  async function befriend(a: TestUser, b: TestUser): Promise<void> {
    const asked = await catchchat(t, a.token).post(
      '/api/v4/friend_requests',
      form({ friend_id: await intIdOf(b) }),
    );
    const accepted = await catchchat(t, b.token).patch(
      `/api/v4/friend_requests/received/${asked.body.id}/accept`,
    );
    expect(accepted.status).toBe(200);
  }

  beforeAll(async () => {
    t = await startTestApp();
    me = await createUser(t, { username: 'ruanwztest' });
    tumayun = await createUser(t, { username: 'tumayun', mobile: '+8615158166372' });
    friend2 = await createUser(t, { username: 'friend2' });
    friend6 = await createUser(t, { username: 'friend6' });
    outsider = await createUser(t, { username: 'outsider' });
    for (const [name, user] of Object.entries({ me, tumayun, friend2, friend6, outsider })) {
      ids[name] = await intIdOf(user);
    }
    await befriend(me, tumayun);
    await befriend(me, friend2);
    await befriend(friend2, friend6);
    const mine = await catchchat(t, me.token).get(`/api/v4/friendships/with/${ids.tumayun}`);
    friendshipId = mine.body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('POST /api/v4/groups -F name="test-group" creates an empty group', async () => {
    const res = await catchchat(t, me.token).post('/api/v4/groups', form({ name: 'test-group' }));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      owner_id: ids.me,
      name: 'test-group',
      position: 1,
      created_at: expect.stringMatching(ISO_TIME),
      created_at_string: expect.any(String),
      updated_at: expect.stringMatching(ISO_TIME),
      updated_at_string: expect.any(String),
      friends: [],
    });
    groupId = res.body.id;
    const second = await catchchat(t, me.token).post('/api/v4/groups', form({ name: 'group' }));
    expect(second.body.position).toBe(2);
    const bad = await catchchat(t, me.token).post('/api/v4/groups', form({ name: '' }));
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/name/);
  });

  it('add_friendship -F friendship_id=... and the group lists its friends', async () => {
    const added = await catchchat(t, me.token).post(
      `/api/v4/groups/${groupId}/add_friendship`,
      form({ friendship_id: friendshipId }),
    );
    expect(added.status).toBe(200);
    expect(added.body).toEqual({});
    const one = await catchchat(t, me.token).get(`/api/v4/groups/${groupId}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: groupId, owner_id: ids.me, position: 1 });
    expect(one.body.friends).toEqual([
      {
        id: ids.tumayun,
        username: 'tumayun',
        nickname: 'tumayun',
        name: 'tumayun',
        contact_name: null,
        remarked_name: null,
        position: expect.any(Number),
        avatar_url: null,
      },
    ]);
    const all = await catchchat(t, me.token).get('/api/v4/groups');
    expect(all.body).toMatchObject({ current_page: 1, per_page: 30, count: 2 });
    expect(all.body.groups.map((g: { id: number }) => g.id)[0]).toBe(groupId);
    const foreign = await catchchat(t, outsider.token).post(
      `/api/v4/groups/${groupId}/add_friendship`,
      form({ friendship_id: friendshipId }),
    );
    expect(foreign.status).toBe(404);
    const notMine = await catchchat(t, me.token).post(
      `/api/v4/groups/${groupId}/add_friendship`,
      form({ friendship_id: 777777777 }),
    );
    expect(notMine.status).toBe(422);
    expect(notMine.body.error).toMatch(/friendship_id/);
  });

  it('PATCH renames; others see nothing of it', async () => {
    const res = await catchchat(t, me.token).patch(
      `/api/v4/groups/${groupId}`,
      form({ name: 'test' }),
    );
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('test');
    const foreign = await catchchat(t, outsider.token).get(`/api/v4/groups/${groupId}`);
    expect(foreign.status).toBe(404);
    const theirs = await catchchat(t, outsider.token).get('/api/v4/groups');
    expect(theirs.body.count).toBe(0);
  });

  it('DELETE remove_friendship and DELETE the group answer {}', async () => {
    const removed = await catchchat(t, me.token).delete(
      `/api/v4/groups/${groupId}/remove_friendship/${friendshipId}`,
    );
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({});
    expect((await catchchat(t, me.token).get(`/api/v4/groups/${groupId}`)).body.friends).toEqual(
      [],
    );
    const again = await catchchat(t, me.token).delete(
      `/api/v4/groups/${groupId}/remove_friendship/${friendshipId}`,
    );
    expect(again.status).toBe(404);
    const foreign = await catchchat(t, outsider.token).delete(`/api/v4/groups/${groupId}`);
    expect(foreign.status).toBe(404);
    const deleted = await catchchat(t, me.token).delete(`/api/v4/groups/${groupId}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({});
    expect((await catchchat(t, me.token).get(`/api/v4/groups/${groupId}`)).status).toBe(404);
  });

  it('contacts/upload: the seed example (broken JSON) is a 400; a proper book answers matches', async () => {
    const verbatim = await catchchat(t, outsider.token).post(
      '/api/v4/contacts/upload',
      form({ contacts: '["name":"涂马云","number":"15158166372"}]' }),
    );
    expect(verbatim.status).toBe(400);
    expect(verbatim.body.error).toMatch(/contacts/);
    const book = JSON.stringify([
      { name: '涂马云', number: '15158166372' },
      { name: 'bac', number: '15158166723' },
    ]);
    const res = await catchchat(t, outsider.token).post(
      '/api/v4/contacts/upload',
      form({ contacts: book }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      registered_contacts: [
        {
          id: expect.any(Number),
          name: '涂马云',
          user: {
            id: ids.tumayun,
            username: 'tumayun',
            avatar_url: null,
            nickname: 'tumayun',
            number: '+8615158166372',
          },
        },
      ],
    });
    const again = await catchchat(t, outsider.token).post(
      '/api/v4/contacts/upload',
      form({ contacts: book }),
    );
    expect(again.body.registered_contacts[0].id).toBe(res.body.registered_contacts[0].id);
  });

  it('GET /api/v4/user/may_know_friends ranks friends of friends with their names', async () => {
    const res = await catchchat(t, me.token).get('/api/v4/user/may_know_friends');
    expect(res.status).toBe(200);
    expect(res.body.friends).toContainEqual({
      id: ids.friend6,
      username: 'friend6',
      nickname: 'friend6',
      name: 'friend6',
      avatar_url: null,
      common_friend_names: ['friend2'],
    });
    const ids6 = res.body.friends.map((f: { id: number }) => f.id);
    expect(ids6).not.toContain(ids.tumayun);
    expect(ids6).not.toContain(ids.me);
  });

  it('needs party_contact', async () => {
    const limited = await createUser(t, { scopes: ['party_user'] });
    for (const path of ['/api/v4/groups', '/api/v4/user/may_know_friends']) {
      const res = await catchchat(t, limited.token).get(path);
      expect(res.status).toBe(403);
    }
  });
});
