import { GroupService } from '../../src/group/group.service';
import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { createGroup, MISSING_ID, recordGroupEvents, RecordedEvent, users } from './group-test-kit';

describe('groups and members', () => {
  let t: TestApp;
  let events: RecordedEvent[];
  let owner: TestUser;
  let a: TestUser;
  let b: TestUser;
  let stranger: TestUser;
  let noScope: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    events = recordGroupEvents(t);
    owner = await createUser(t, { nickname: 'Olivia' });
    a = await createUser(t, { nickname: 'Adam' });
    b = await createUser(t, { nickname: 'Bella' });
    stranger = await createUser(t, { nickname: 'Stan' });
    noScope = await createUser(t, { scopes: ['party_user', 'party_contact'] });
  });
  afterAll(async () => {
    await t.close();
  });

  const myGroupCount = async (user: TestUser): Promise<number> =>
    (await t.get('groups', { token: user.token })).body.total_count as number;

  const memberIds = async (groupId: string, as: TestUser = owner) =>
    (await t.get(`groups/${groupId}/member-ids`, { token: as.token })).body as {
      manager_ids: string[];
      participant_ids: string[];
    };

  describe('POST groups', () => {
    it('creates a group of at least 3 with the creator as owner and a default name', async () => {
      events.length = 0;
      const res = await t.post('groups', { user_ids: [a.id, b.id] }, { token: owner.token });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: 'Olivia、Adam、Bella',
        owner: { id: owner.id, nickname: 'Olivia', name: 'Olivia' },
        status: 'active',
        status_string: 'Active',
        member_count: 3,
        my_role: 'owner',
        blocked: false,
        dissolved_at: null,
        dissolved_at_string: null,
      });
      expect(res.body.created_at).toMatch(/Z$/);
      expect(typeof res.body.created_at_string).toBe('string');
      expect(res.body).not.toHaveProperty('announcement');
      expect(events).toEqual([
        {
          name: 'group.created',
          payload: {
            groupId: res.body.id,
            name: 'Olivia、Adam、Bella',
            actorId: owner.id,
            memberIds: [owner.id, a.id, b.id],
          },
        },
      ]);
      const ids = await memberIds(res.body.id);
      expect(ids.manager_ids).toEqual([owner.id]);
      expect(ids.participant_ids[0]).toBe(owner.id);
      expect([...ids.participant_ids].sort()).toEqual([owner.id, a.id, b.id].sort());
      const zh = await t.get(`groups/${res.body.id}`, {
        token: a.token,
        headers: { 'accept-language': 'zh-CN' },
      });
      expect(zh.body).toMatchObject({ status_string: '正常', my_role: 'member' });
    });

    it('takes a given name, and form bodies', async () => {
      const form = new URLSearchParams({ name: '第四期项目讨论' });
      form.append('user_ids', a.id);
      form.append('user_ids', b.id);
      const res = await t.post('groups', form, { token: owner.token });
      expect(res.status).toBe(201);
      expect(res.body.name).toBe('第四期项目讨论');
      expect(res.body.member_count).toBe(3);
    });

    it('refuses too few users, yourself, duplicates and bad ids with a 400, creating nothing', async () => {
      const before = await myGroupCount(owner);
      const cases: [unknown, string, string][] = [
        [{ user_ids: [a.id] }, 'user_ids', 'array_min_size'],
        [{ user_ids: [a.id, owner.id] }, 'user_ids', 'includes_self'],
        [{ user_ids: [a.id, a.id] }, 'user_ids', 'array_unique'],
        [{ user_ids: [a.id, 'nope'] }, 'user_ids', 'is_uuid'],
        [{ user_ids: [a.id, b.id], name: '' }, 'name', 'min_length'],
        [{ user_ids: [a.id, b.id], name: '   ' }, 'name', 'min_length'],
        [{ user_ids: [a.id, b.id], name: 'x'.repeat(65) }, 'name', 'max_length'],
        [{}, 'user_ids', ''],
      ];
      for (const [body, field, code] of cases) {
        const res = await t.post('groups', body, { token: owner.token });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('validation_failed');
        expect(res.body.details[0].field).toBe(field);
        if (code) expect(res.body.details[0].code).toBe(code);
      }
      expect(await myGroupCount(owner)).toBe(before);
    });

    it('answers 422 unknown_reference naming an unknown user', async () => {
      const before = await myGroupCount(owner);
      const res = await t.post('groups', { user_ids: [a.id, MISSING_ID] }, { token: owner.token });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('unknown_reference');
      expect(res.body.details).toEqual([
        expect.objectContaining({ field: 'user_ids', code: 'unknown_reference' }),
      ]);
      expect(res.body.error).toContain(MISSING_ID);
      expect(await myGroupCount(owner)).toBe(before);
    });

    it('answers 422 not_addable naming a user who blocked you', async () => {
      const blocker = await createUser(t);
      const blocked = await t.post('blocks', { user_id: owner.id }, { token: blocker.token });
      expect([200, 201]).toContain(blocked.status);
      const before = await myGroupCount(owner);
      const res = await t.post('groups', { user_ids: [a.id, blocker.id] }, { token: owner.token });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('not_addable');
      expect(res.body.error).toContain(blocker.id);
      expect(await myGroupCount(owner)).toBe(before);
      const group = await createGroup(t, owner, [a, b]);
      const add = await t.post(
        `groups/${group}/members`,
        { user_ids: [blocker.id] },
        { token: owner.token },
      );
      expect(add.status).toBe(422);
      expect(add.body.code).toBe('not_addable');
    });

    it('needs a token with party_group', async () => {
      expect((await t.post('groups', { user_ids: [a.id, b.id] })).status).toBe(401);
      const res = await t.post('groups', { user_ids: [a.id, b.id] }, { token: noScope.token });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('insufficient_scope');
    });
  });

  describe('reading groups', () => {
    it('lists my groups, paginated, and hides other groups behind a 404', async () => {
      const mine = await users(t, 3);
      const g1 = await createGroup(t, mine[0], [mine[1], mine[2]], 'one');
      const g2 = await createGroup(t, mine[1], [mine[0], mine[2]], 'two');
      const list = await t.get('groups', { token: mine[0].token, query: { per_page: 1 } });
      expect(list.status).toBe(200);
      expect(list.body).toMatchObject({ page: 1, per_page: 1, total_count: 2 });
      expect(list.body.data).toHaveLength(1);
      expect(list.headers.get('x-total-count')).toBe('2');
      expect(list.headers.get('link')).toContain('rel="next"');
      const all = await t.get('groups', { token: mine[0].token });
      expect(all.body.data.map((g: { id: string }) => g.id).sort()).toEqual([g1, g2].sort());
      expect(all.body.data.find((g: { id: string }) => g.id === g2).my_role).toBe('member');

      expect((await t.get(`groups/${g1}`, { token: stranger.token })).status).toBe(404);
      expect((await t.get(`groups/${MISSING_ID}`, { token: stranger.token })).status).toBe(404);
      expect((await t.get('groups/not-an-id', { token: stranger.token })).status).toBe(404);
      expect((await t.get('groups', { token: mine[0].token, query: { page: 0 } })).status).toBe(
        400,
      );
      expect((await t.get('groups')).status).toBe(401);
      expect((await t.get('groups', { token: noScope.token })).body.code).toBe(
        'insufficient_scope',
      );
      expect((await t.get(`groups/${g1}`)).status).toBe(401);
      expect((await t.get(`groups/${g1}`, { token: noScope.token })).status).toBe(403);
    });

    it('offers requireMembership, groupExists and missingGroupIds to other modules', async () => {
      const group = await createGroup(t, owner, [a, b], 'svc');
      const service = t.app.get(GroupService);
      await expect(service.requireMembership(a.id, group)).resolves.toEqual({
        role: 'member',
        groupStatus: 'active',
        groupName: 'svc',
        blocked: false,
      });
      await expect(service.requireMembership(stranger.id, group)).rejects.toMatchObject({
        status: 404,
        code: 'not_found',
      });
      await expect(service.requireMembership(a.id, MISSING_ID)).rejects.toMatchObject({
        status: 404,
      });
      await expect(service.groupExists(group)).resolves.toBe(true);
      await expect(service.groupExists(MISSING_ID)).resolves.toBe(false);
      await expect(service.missingGroupIds([group, MISSING_ID, MISSING_ID])).resolves.toEqual([
        MISSING_ID,
      ]);
    });
  });

  describe('PATCH groups/{id}', () => {
    it('lets the owner and managers rename, not members', async () => {
      const group = await createGroup(t, owner, [a, b], 'old');
      await t.patch(`groups/${group}/members/${a.id}`, { role: 'manager' }, { token: owner.token });
      events.length = 0;
      const byOwner = await t.patch(`groups/${group}`, { name: 'new' }, { token: owner.token });
      expect(byOwner.status).toBe(200);
      expect(byOwner.body.name).toBe('new');
      const byManager = await t.patch(`groups/${group}`, { name: 'newer' }, { token: a.token });
      expect(byManager.status).toBe(200);
      expect(events.map((e) => e.name)).toEqual(['group.renamed', 'group.renamed']);
      expect(events[1].payload).toEqual({
        groupId: group,
        actorId: a.id,
        oldName: 'new',
        newName: 'newer',
      });

      const byMember = await t.patch(`groups/${group}`, { name: 'mine' }, { token: b.token });
      expect(byMember.status).toBe(403);
      expect(byMember.body.code).toBe('forbidden');
      expect(
        (await t.patch(`groups/${group}`, { name: 'x' }, { token: stranger.token })).status,
      ).toBe(404);
      for (const name of ['', '  ', 'x'.repeat(65)]) {
        const bad = await t.patch(`groups/${group}`, { name }, { token: owner.token });
        expect(bad.status).toBe(400);
        expect(bad.body.details[0].field).toBe('name');
      }
      const trimmed = await t.patch(`groups/${group}`, { name: ' newer ' }, { token: owner.token });
      expect(trimmed.body.name).toBe('newer');
      expect((await t.patch(`groups/${group}`, { name: 'x' })).status).toBe(401);
      expect(
        (await t.patch(`groups/${group}`, { name: 'x' }, { token: noScope.token })).status,
      ).toBe(403);
      expect((await t.get(`groups/${group}`, { token: b.token })).body.name).toBe('newer');
    });
  });

  describe('members', () => {
    it('shows is_removed and status to the owner only, former members included', async () => {
      const [m1, m2, m3, m4] = await users(t, 4);
      const group = await createGroup(t, owner, [m1, m2, m3, m4]);
      expect(
        (await t.delete(`groups/${group}/members/${m1.id}`, { token: owner.token })).status,
      ).toBe(204);
      expect((await t.post(`groups/${group}/leave`, undefined, { token: m2.token })).status).toBe(
        204,
      );
      expect((await t.post(`groups/${group}/block`, undefined, { token: m3.token })).status).toBe(
        200,
      );

      const asOwner = await t.get(`groups/${group}/members`, { token: owner.token });
      expect(asOwner.status).toBe(200);
      expect(asOwner.body.total_count).toBe(5);
      const byId = new Map<string, Record<string, unknown>>(
        asOwner.body.data.map((m: { id: string }) => [m.id, m]),
      );
      expect(byId.get(owner.id)).toMatchObject({
        role: 'owner',
        is_removed: false,
        status: 'active',
      });
      expect(byId.get(m1.id)).toMatchObject({ is_removed: true, status: 'left' });
      expect(byId.get(m2.id)).toMatchObject({ is_removed: false, status: 'left' });
      expect(byId.get(m3.id)).toMatchObject({ is_removed: false, status: 'blocked' });
      expect(byId.get(m4.id)).toMatchObject({
        id: m4.id,
        username: m4.username,
        nickname: m4.nickname,
        name: m4.nickname,
        avatar_url: null,
        role: 'member',
        is_removed: false,
        status: 'active',
      });
      expect(typeof byId.get(m4.id)?.joined_at_string).toBe('string');
      // Current members first.
      const order = asOwner.body.data.map((m: { id: string }) => m.id);
      expect(order[0]).toBe(owner.id);
      expect(order.slice(1, 3).sort()).toEqual([m3.id, m4.id].sort());

      const asMember = await t.get(`groups/${group}/members`, { token: m4.token });
      expect(asMember.body.total_count).toBe(3);
      for (const member of asMember.body.data) {
        expect(member).not.toHaveProperty('is_removed');
        expect(member).not.toHaveProperty('status');
        expect(member).toHaveProperty('role');
        expect(member).toHaveProperty('joined_at');
      }
      expect(asMember.body.data.map((m: { id: string }) => m.id).sort()).toEqual(
        [owner.id, m3.id, m4.id].sort(),
      );
      expect((await t.get(`groups/${group}/members`, { token: m1.token })).status).toBe(404);
      expect((await t.get(`groups/${group}/members`, { token: stranger.token })).status).toBe(404);
      expect((await t.get(`groups/${group}/members`)).status).toBe(401);
      expect((await t.get(`groups/${group}/members`, { token: noScope.token })).status).toBe(403);
      expect((await t.get(`groups/${group}/member-ids`, { token: stranger.token })).status).toBe(
        404,
      );
      expect((await t.get(`groups/${group}/member-ids`)).status).toBe(401);
      expect((await t.get(`groups/${group}/member-ids`, { token: noScope.token })).status).toBe(
        403,
      );
    });

    it('member-ids lists the owner and managers as managers and everyone active as participants', async () => {
      const [m1, m2, m3] = await users(t, 3);
      const group = await createGroup(t, owner, [m1, m2, m3]);
      await t.patch(
        `groups/${group}/members/${m2.id}`,
        { role: 'manager' },
        { token: owner.token },
      );
      await t.delete(`groups/${group}/members/${m3.id}`, { token: owner.token });
      const ids = await memberIds(group, m1);
      expect(ids).toEqual({
        manager_ids: [owner.id, m2.id],
        participant_ids: [owner.id, m2.id, m1.id],
      });
    });

    it('lets owner and managers add users, and a removed member back', async () => {
      const [m1, m2, m3, m4] = await users(t, 4);
      const group = await createGroup(t, owner, [m1, m2]);
      await t.patch(
        `groups/${group}/members/${m1.id}`,
        { role: 'manager' },
        { token: owner.token },
      );
      events.length = 0;
      const byManager = await t.post(
        `groups/${group}/members`,
        { user_ids: [m3.id] },
        { token: m1.token },
      );
      expect(byManager.status).toBe(201);
      expect(byManager.body).toMatchObject({ id: group, member_count: 4, my_role: 'manager' });
      expect(events).toEqual([
        {
          name: 'group.members_added',
          payload: { groupId: group, actorId: m1.id, userIds: [m3.id] },
        },
      ]);
      const byMember = await t.post(
        `groups/${group}/members`,
        { user_ids: [m4.id] },
        { token: m2.token },
      );
      expect(byMember.status).toBe(403);
      expect(byMember.body.code).toBe('forbidden');
      const already = await t.post(
        `groups/${group}/members`,
        { user_ids: [m4.id, m3.id] },
        { token: owner.token },
      );
      expect(already.status).toBe(409);
      expect(already.body).toMatchObject({ code: 'already_member', ids: [m3.id] });
      const unknown = await t.post(
        `groups/${group}/members`,
        { user_ids: [MISSING_ID] },
        { token: owner.token },
      );
      expect(unknown.status).toBe(422);
      expect(unknown.body.code).toBe('unknown_reference');
      const empty = await t.post(
        `groups/${group}/members`,
        { user_ids: [] },
        { token: owner.token },
      );
      expect(empty.status).toBe(400);
      expect((await memberIds(group)).participant_ids).not.toContain(m4.id);
      expect(
        (await t.post(`groups/${group}/members`, { user_ids: [m4.id] }, { token: stranger.token }))
          .status,
      ).toBe(404);
      expect((await t.post(`groups/${group}/members`, { user_ids: [m4.id] })).status).toBe(401);
      expect(
        (await t.post(`groups/${group}/members`, { user_ids: [m4.id] }, { token: noScope.token }))
          .status,
      ).toBe(403);

      // removed, then added back: a member again from a new joining time
      await t.delete(`groups/${group}/members/${m3.id}`, { token: owner.token });
      const joinedBefore = (
        await t.get(`groups/${group}/members`, { token: owner.token })
      ).body.data.find((m: { id: string }) => m.id === m3.id).joined_at;
      const back = await t.post(
        `groups/${group}/members`,
        { user_ids: [m3.id] },
        { token: owner.token },
      );
      expect(back.status).toBe(201);
      const row = (await t.get(`groups/${group}/members`, { token: owner.token })).body.data.find(
        (m: { id: string }) => m.id === m3.id,
      );
      expect(row).toMatchObject({ role: 'member', is_removed: false, status: 'active' });
      expect(row.joined_at >= joinedBefore).toBe(true);
      expect((await t.get(`groups/${group}`, { token: m3.token })).status).toBe(200);
    });

    it('lets the owner remove anyone but himself and managers remove plain members', async () => {
      const [m1, m2, m3, m4] = await users(t, 4);
      const group = await createGroup(t, owner, [m1, m2, m3, m4]);
      await t.patch(
        `groups/${group}/members/${m1.id}`,
        { role: 'manager' },
        { token: owner.token },
      );
      await t.patch(
        `groups/${group}/members/${m2.id}`,
        { role: 'manager' },
        { token: owner.token },
      );

      const managerOnManager = await t.delete(`groups/${group}/members/${m2.id}`, {
        token: m1.token,
      });
      expect(managerOnManager.status).toBe(403);
      const managerOnOwner = await t.delete(`groups/${group}/members/${owner.id}`, {
        token: m1.token,
      });
      expect(managerOnOwner.status).toBe(403);
      const memberRemoves = await t.delete(`groups/${group}/members/${m4.id}`, { token: m3.token });
      expect(memberRemoves.status).toBe(403);
      expect(memberRemoves.body.code).toBe('forbidden');
      const self = await t.delete(`groups/${group}/members/${owner.id}`, { token: owner.token });
      expect(self.status).toBe(409);
      expect(self.body.code).toBe('owner_must_transfer');
      expect(
        (await t.delete(`groups/${group}/members/${stranger.id}`, { token: owner.token })).status,
      ).toBe(404);
      expect(
        (await t.delete(`groups/${group}/members/${m4.id}`, { token: stranger.token })).status,
      ).toBe(404);
      expect((await t.delete(`groups/${group}/members/${m4.id}`)).status).toBe(401);
      expect(
        (await t.delete(`groups/${group}/members/${m4.id}`, { token: noScope.token })).status,
      ).toBe(403);
      expect((await memberIds(group)).participant_ids).toHaveLength(5);

      events.length = 0;
      expect((await t.delete(`groups/${group}/members/${m4.id}`, { token: m1.token })).status).toBe(
        204,
      );
      expect(events).toEqual([
        {
          name: 'group.member_removed',
          payload: { groupId: group, actorId: m1.id, userId: m4.id },
        },
      ]);
      expect((await t.get(`groups/${group}`, { token: m4.token })).status).toBe(404);
      expect(
        (await t.delete(`groups/${group}/members/${m4.id}`, { token: owner.token })).status,
      ).toBe(404);
      expect(
        (await t.delete(`groups/${group}/members/${m2.id}`, { token: owner.token })).status,
      ).toBe(204);
    });

    it('allows removing down to 2 members (and fewer): the 3-member minimum is for creation', async () => {
      const [m1, m2] = await users(t, 2);
      const group = await createGroup(t, owner, [m1, m2]);
      expect(
        (await t.delete(`groups/${group}/members/${m2.id}`, { token: owner.token })).status,
      ).toBe(204);
      expect((await t.get(`groups/${group}`, { token: owner.token })).body.member_count).toBe(2);
      expect(
        (await t.delete(`groups/${group}/members/${m1.id}`, { token: owner.token })).status,
      ).toBe(204);
      const alone = await t.get(`groups/${group}`, { token: owner.token });
      expect(alone.body).toMatchObject({ member_count: 1, status: 'active' });
    });

    it('lets only the owner change roles', async () => {
      const [m1, m2] = await users(t, 2);
      const group = await createGroup(t, owner, [m1, m2]);
      events.length = 0;
      const promoted = await t.patch(
        `groups/${group}/members/${m1.id}`,
        { role: 'manager' },
        { token: owner.token },
      );
      expect(promoted.status).toBe(200);
      expect(promoted.body).toMatchObject({
        id: m1.id,
        role: 'manager',
        status: 'active',
        is_removed: false,
      });
      expect(events).toEqual([
        {
          name: 'group.member_role_changed',
          payload: { groupId: group, actorId: owner.id, userId: m1.id, role: 'manager' },
        },
      ]);
      const byManager = await t.patch(
        `groups/${group}/members/${m2.id}`,
        { role: 'manager' },
        { token: m1.token },
      );
      expect(byManager.status).toBe(403);
      const onOwner = await t.patch(
        `groups/${group}/members/${owner.id}`,
        { role: 'member' },
        { token: owner.token },
      );
      expect(onOwner.status).toBe(409);
      expect(onOwner.body.code).toBe('owner_must_transfer');
      const bad = await t.patch(
        `groups/${group}/members/${m2.id}`,
        { role: 'owner' },
        { token: owner.token },
      );
      expect(bad.status).toBe(400);
      expect(bad.body.details[0].field).toBe('role');
      expect(
        (
          await t.patch(
            `groups/${group}/members/${stranger.id}`,
            { role: 'manager' },
            { token: owner.token },
          )
        ).status,
      ).toBe(404);
      expect(
        (
          await t.patch(
            `groups/${group}/members/${m2.id}`,
            { role: 'manager' },
            { token: stranger.token },
          )
        ).status,
      ).toBe(404);
      expect((await t.patch(`groups/${group}/members/${m2.id}`, { role: 'manager' })).status).toBe(
        401,
      );
      expect(
        (
          await t.patch(
            `groups/${group}/members/${m2.id}`,
            { role: 'manager' },
            { token: noScope.token },
          )
        ).status,
      ).toBe(403);
      const demoted = await t.patch(
        `groups/${group}/members/${m1.id}`,
        { role: 'member' },
        { token: owner.token },
      );
      expect(demoted.body.role).toBe('member');
      expect((await memberIds(group)).manager_ids).toEqual([owner.id]);
    });
  });

  describe('transfer and leave', () => {
    it('transfers the ownership to a current member; the old owner becomes a manager', async () => {
      const [o, m1, m2, out] = await users(t, 4);
      const group = await createGroup(t, o, [m1, m2]);
      const notOwner = await t.post(
        `groups/${group}/transfer`,
        { user_id: m2.id },
        { token: m1.token },
      );
      expect(notOwner.status).toBe(403);
      const notMember = await t.post(
        `groups/${group}/transfer`,
        { user_id: out.id },
        { token: o.token },
      );
      expect(notMember.status).toBe(422);
      expect(notMember.body.code).toBe('not_addable');
      const unknown = await t.post(
        `groups/${group}/transfer`,
        { user_id: MISSING_ID },
        { token: o.token },
      );
      expect(unknown.status).toBe(422);
      expect(unknown.body.code).toBe('unknown_reference');
      const bad = await t.post(`groups/${group}/transfer`, { user_id: 'x' }, { token: o.token });
      expect(bad.status).toBe(400);
      expect(
        (await t.post(`groups/${group}/transfer`, { user_id: m1.id }, { token: stranger.token }))
          .status,
      ).toBe(404);
      expect((await t.post(`groups/${group}/transfer`, { user_id: m1.id })).status).toBe(401);
      expect(
        (await t.post(`groups/${group}/transfer`, { user_id: m1.id }, { token: noScope.token }))
          .status,
      ).toBe(403);

      events.length = 0;
      const res = await t.post(`groups/${group}/transfer`, { user_id: m1.id }, { token: o.token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ owner: { id: m1.id }, my_role: 'manager' });
      expect(events).toEqual([
        {
          name: 'group.ownership_transferred',
          payload: { groupId: group, fromUserId: o.id, toUserId: m1.id },
        },
      ]);
      expect(await memberIds(group, o)).toEqual({
        manager_ids: [m1.id, o.id],
        participant_ids: [m1.id, o.id, m2.id],
      });
      // the new owner sees the owner-only fields, the old one no longer does
      expect(
        (await t.get(`groups/${group}/members`, { token: m1.token })).body.data[0],
      ).toHaveProperty('status');
      expect(
        (await t.get(`groups/${group}/members`, { token: o.token })).body.data[0],
      ).not.toHaveProperty('status');
    });

    it('keeps one owner when transfers race, and lets a member leave once', async () => {
      const [o, m1, m2, m3, m4] = await users(t, 5);
      const group = await createGroup(t, o, [m1, m2, m3, m4]);
      const transfers = await Promise.all(
        [m1, m2, m3, m1, m2, m3].map((to) =>
          t.post(`groups/${group}/transfer`, { user_id: to.id }, { token: o.token }),
        ),
      );
      expect(transfers.filter((res) => res.status === 200)).toHaveLength(1);
      const members = await t.get(`groups/${group}/members`, { token: m4.token });
      const owners = members.body.data.filter((m: { role: string }) => m.role === 'owner');
      expect(owners).toHaveLength(1);

      events.length = 0;
      const leaves = await Promise.all(
        Array.from({ length: 10 }, () =>
          t.post(`groups/${group}/leave`, undefined, { token: m4.token }),
        ),
      );
      expect(leaves.filter((res) => res.status === 204)).toHaveLength(1);
      expect(events.filter((event) => event.name === 'group.member_left')).toHaveLength(1);
    });

    it('lets members leave; an owner must transfer first unless he is the last one', async () => {
      const [o, m1, m2] = await users(t, 3);
      const group = await createGroup(t, o, [m1, m2]);
      const ownerLeaves = await t.post(`groups/${group}/leave`, undefined, { token: o.token });
      expect(ownerLeaves.status).toBe(409);
      expect(ownerLeaves.body.code).toBe('owner_must_transfer');
      expect(
        (await t.post(`groups/${group}/leave`, undefined, { token: stranger.token })).status,
      ).toBe(404);
      expect((await t.post(`groups/${group}/leave`)).status).toBe(401);
      expect(
        (await t.post(`groups/${group}/leave`, undefined, { token: noScope.token })).status,
      ).toBe(403);

      events.length = 0;
      expect((await t.post(`groups/${group}/leave`, undefined, { token: m1.token })).status).toBe(
        204,
      );
      expect(events).toEqual([
        { name: 'group.member_left', payload: { groupId: group, userId: m1.id } },
      ]);
      expect((await t.get(`groups/${group}`, { token: m1.token })).status).toBe(404);
      expect((await t.post(`groups/${group}/leave`, undefined, { token: m1.token })).status).toBe(
        404,
      );
      await t.delete(`groups/${group}/members/${m2.id}`, { token: o.token });

      events.length = 0;
      expect((await t.post(`groups/${group}/leave`, undefined, { token: o.token })).status).toBe(
        204,
      );
      expect(events.map((e) => e.name)).toEqual(['group.member_left', 'group.dissolved']);
      expect(await t.app.get(GroupService).groupExists(group)).toBe(true);
      expect((await t.get(`groups/${group}`, { token: o.token })).status).toBe(404);
    });
  });

  describe('dissolve and restore', () => {
    it('dissolves (owner only): readable, but no member changes until restored with its members', async () => {
      const [o, m1, m2, m3] = await users(t, 4);
      const group = await createGroup(t, o, [m1, m2]);
      await t.patch(`groups/${group}/members/${m1.id}`, { role: 'manager' }, { token: o.token });
      const byManager = await t.post(`groups/${group}/dissolve`, undefined, { token: m1.token });
      expect(byManager.status).toBe(403);
      expect(
        (await t.post(`groups/${group}/dissolve`, undefined, { token: stranger.token })).status,
      ).toBe(404);
      expect((await t.post(`groups/${group}/dissolve`)).status).toBe(401);
      expect(
        (await t.post(`groups/${group}/dissolve`, undefined, { token: noScope.token })).status,
      ).toBe(403);
      const notDissolved = await t.post(`groups/${group}/restore`, undefined, { token: o.token });
      expect(notDissolved.status).toBe(409);
      expect(notDissolved.body.code).toBe('group_not_dissolved');

      events.length = 0;
      const res = await t.post(`groups/${group}/dissolve`, undefined, { token: o.token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'dissolved', status_string: 'Dissolved' });
      expect(res.body.dissolved_at).toMatch(/Z$/);
      expect(events).toEqual([
        { name: 'group.dissolved', payload: { groupId: group, actorId: o.id } },
      ]);
      const service = t.app.get(GroupService);
      await expect(service.requireMembership(m2.id, group)).resolves.toMatchObject({
        groupStatus: 'dissolved',
      });

      // still readable
      expect((await t.get(`groups/${group}`, { token: m2.token })).body.status).toBe('dissolved');
      expect((await t.get(`groups/${group}/members`, { token: m2.token })).body.total_count).toBe(
        3,
      );
      expect((await t.get('groups', { token: m2.token })).body.data[0].id).toBe(group);
      // no changes
      const changes = [
        await t.post(`groups/${group}/dissolve`, undefined, { token: o.token }),
        await t.patch(`groups/${group}`, { name: 'x' }, { token: o.token }),
        await t.post(`groups/${group}/members`, { user_ids: [m3.id] }, { token: o.token }),
        await t.delete(`groups/${group}/members/${m2.id}`, { token: o.token }),
        await t.patch(`groups/${group}/members/${m2.id}`, { role: 'manager' }, { token: o.token }),
        await t.post(`groups/${group}/transfer`, { user_id: m2.id }, { token: o.token }),
        await t.post(`groups/${group}/leave`, undefined, { token: m2.token }),
      ];
      for (const change of changes) {
        expect(change.status).toBe(409);
        expect(change.body.code).toBe('group_dissolved');
      }
      expect((await memberIds(group, o)).participant_ids).toHaveLength(3);
      const zh = await t.post(
        `groups/${group}/members`,
        { user_ids: [m3.id] },
        {
          token: o.token,
          headers: { 'accept-language': 'zh-CN' },
        },
      );
      expect(zh.body.error).toBe('该群已解散');
      // blocking stays possible
      expect((await t.post(`groups/${group}/block`, undefined, { token: m2.token })).status).toBe(
        200,
      );

      const byMember = await t.post(`groups/${group}/restore`, undefined, { token: m1.token });
      expect(byMember.status).toBe(403);
      expect(
        (await t.post(`groups/${group}/restore`, undefined, { token: stranger.token })).status,
      ).toBe(404);
      expect((await t.post(`groups/${group}/restore`)).status).toBe(401);
      expect(
        (await t.post(`groups/${group}/restore`, undefined, { token: noScope.token })).status,
      ).toBe(403);
      events.length = 0;
      const restored = await t.post(`groups/${group}/restore`, undefined, { token: o.token });
      expect(restored.status).toBe(200);
      expect(restored.body).toMatchObject({
        status: 'active',
        dissolved_at: null,
        member_count: 3,
      });
      expect(events).toEqual([
        { name: 'group.restored', payload: { groupId: group, actorId: o.id } },
      ]);
      expect(await memberIds(group, o)).toEqual({
        manager_ids: [o.id, m1.id],
        participant_ids: [o.id, m1.id, m2.id],
      });
      expect(
        (await t.post(`groups/${group}/members`, { user_ids: [m3.id] }, { token: o.token })).status,
      ).toBe(201);
    });
  });

  describe('block', () => {
    it('lets any member block the group for himself; the owner sees it, others do not', async () => {
      const [o, m1, m2] = await users(t, 3);
      const group = await createGroup(t, o, [m1, m2]);
      events.length = 0;
      const res = await t.post(`groups/${group}/block`, undefined, { token: m1.token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: group, blocked: true, status: 'active' });
      expect(events).toEqual([
        { name: 'group.blocked', payload: { groupId: group, userId: m1.id } },
      ]);
      events.length = 0;
      expect(
        (await t.post(`groups/${group}/block`, undefined, { token: m1.token })).body.blocked,
      ).toBe(true);
      expect(events).toEqual([]);

      // still a member: reads and membership checks work
      expect((await t.get(`groups/${group}`, { token: m1.token })).body.blocked).toBe(true);
      expect((await t.get(`groups/${group}`, { token: m2.token })).body.blocked).toBe(false);
      await expect(t.app.get(GroupService).requireMembership(m1.id, group)).resolves.toMatchObject({
        role: 'member',
        blocked: true,
      });
      const ownerView = await t.get(`groups/${group}/members`, { token: o.token });
      expect(ownerView.body.data.find((m: { id: string }) => m.id === m1.id).status).toBe(
        'blocked',
      );
      const memberView = await t.get(`groups/${group}/members`, { token: m2.token });
      expect(memberView.body.data.find((m: { id: string }) => m.id === m1.id)).not.toHaveProperty(
        'status',
      );
      expect((await memberIds(group, o)).participant_ids).toContain(m1.id);

      expect(
        (await t.post(`groups/${group}/block`, undefined, { token: stranger.token })).status,
      ).toBe(404);
      expect((await t.post(`groups/${group}/block`)).status).toBe(401);
      expect(
        (await t.post(`groups/${group}/block`, undefined, { token: noScope.token })).status,
      ).toBe(403);
      expect((await t.delete(`groups/${group}/block`, { token: stranger.token })).status).toBe(404);
      expect((await t.delete(`groups/${group}/block`)).status).toBe(401);
      expect((await t.delete(`groups/${group}/block`, { token: noScope.token })).status).toBe(403);

      events.length = 0;
      const unblocked = await t.delete(`groups/${group}/block`, { token: m1.token });
      expect(unblocked.status).toBe(200);
      expect(unblocked.body.blocked).toBe(false);
      expect(events).toEqual([
        { name: 'group.unblocked', payload: { groupId: group, userId: m1.id } },
      ]);
      const again = await t.get(`groups/${group}/members`, { token: o.token });
      expect(again.body.data.find((m: { id: string }) => m.id === m1.id).status).toBe('active');
    });
  });
  describe('as the rest of Party sees it', () => {
    const entry = async (user: TestUser, box: 'inbox' | 'archive', groupId: string) => {
      const res = await t.get(`contact-list/${box}`, {
        token: user.token,
        query: { per_page: 100 },
      });
      expect(res.status).toBe(200);
      return (res.body.data as { type: string; id: string; unread_count: number }[]).find(
        (e) => e.type === 'group' && e.id === groupId,
      );
    };
    const send = (user: TestUser, groupId: string, content: string) =>
      t.post(
        'messages',
        { to_group: groupId, message_type: 'text', content },
        { token: user.token },
      );

    it('a blocked group leaves the Inbox, stays in the Archive and counts no unread messages', async () => {
      const [o, m1, m2] = await users(t, 3);
      const group = await createGroup(t, o, [m1, m2]);
      expect((await send(o, group, 'hello')).status).toBe(201);
      expect((await entry(m1, 'inbox', group))?.unread_count).toBeGreaterThan(0);
      await t.post(`groups/${group}/block`, undefined, { token: m1.token });
      expect((await send(o, group, 'again')).status).toBe(201);
      expect(await entry(m1, 'inbox', group)).toBeUndefined();
      expect((await entry(m1, 'archive', group))?.unread_count).toBe(0);
      expect(await entry(m2, 'inbox', group)).toBeDefined();
      // still a member: he may read and send
      expect((await send(m1, group, 'still here')).status).toBe(201);
      await t.delete(`groups/${group}/block`, { token: m1.token });
      expect(await entry(m1, 'inbox', group)).toBeDefined();
    });

    it('a dissolved group takes no messages, moves to the Archive and keeps its history', async () => {
      const [o, m1, m2] = await users(t, 3);
      const group = await createGroup(t, o, [m1, m2]);
      expect((await send(m1, group, 'before')).status).toBe(201);
      await t.post(`groups/${group}/dissolve`, undefined, { token: o.token });
      const refused = await send(m1, group, 'after');
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('group_dissolved');
      expect(await entry(m1, 'inbox', group)).toBeUndefined();
      expect(await entry(m1, 'archive', group)).toBeDefined();
      const history = await t.get(`conversations/group/${group}/messages`, { token: m1.token });
      expect(history.status).toBe(200);
      expect(JSON.stringify(history.body.data)).toContain('before');
      await t.post(`groups/${group}/restore`, undefined, { token: o.token });
      expect((await send(m1, group, 'back')).status).toBe(201);
      expect(await entry(m2, 'inbox', group)).toBeDefined();
    });
  });
});
