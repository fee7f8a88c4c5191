import { createAppClient, createUser, TestAppClient, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { createGroup, MISSING_ID, recordGroupEvents, RecordedEvent, users } from './group-test-kit';

describe('group merge requests and app-level reads', () => {
  let t: TestApp;
  let events: RecordedEvent[];
  let stranger: TestUser;
  let noScope: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    events = recordGroupEvents(t);
    stranger = await createUser(t);
    noScope = await createUser(t, { scopes: ['party_user'] });
  });
  afterAll(async () => {
    await t.close();
  });

  const ownerView = async (groupId: string, owner: TestUser) => {
    const res = await t.get(`groups/${groupId}/members`, {
      token: owner.token,
      query: { per_page: 100 },
    });
    return new Map<string, { role: string; status: string; is_removed: boolean }>(
      res.body.data.map((m: { id: string; role: string; status: string; is_removed: boolean }) => [
        m.id,
        m,
      ]),
    );
  };

  describe('merge end to end', () => {
    it('moves the source members into the target once, resets roles and dissolves the source', async () => {
      const [o1, o2, a, b, shared, c, gone] = await users(t, 7);
      const source = await createGroup(t, o1, [a, b, shared, gone], 'source');
      const target = await createGroup(t, o2, [c, shared], 'target');
      await t.patch(`groups/${source}/members/${a.id}`, { role: 'manager' }, { token: o1.token });
      await t.patch(
        `groups/${target}/members/${shared.id}`,
        { role: 'manager' },
        { token: o2.token },
      );
      await t.post(`groups/${source}/leave`, undefined, { token: gone.token });

      // before
      expect([...(await ownerView(target, o2)).keys()].sort()).toEqual(
        [o2.id, c.id, shared.id].sort(),
      );

      const byManager = await t.post(
        `groups/${source}/merge-requests`,
        { target_group_id: target },
        { token: a.token },
      );
      expect(byManager.status).toBe(403);
      const created = await t.post(
        `groups/${source}/merge-requests`,
        { target_group_id: target },
        { token: o1.token },
      );
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        source_group: { id: source, name: 'source' },
        target_group: { id: target, name: 'target' },
        requester: { id: o1.id },
        direction: 'outgoing',
        state: 'pending',
        state_string: 'Pending',
        decided_at: null,
      });
      const requestId = created.body.id as string;

      // one pending request per pair, either direction
      const again = await t.post(
        `groups/${source}/merge-requests`,
        { target_group_id: target },
        { token: o1.token },
      );
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('merge_request_pending');
      const reverse = await t.post(
        `groups/${target}/merge-requests`,
        { target_group_id: source },
        { token: o2.token },
      );
      expect(reverse.status).toBe(409);

      // listing: the target's owner sees it incoming, the asker outgoing, others nothing
      const incoming = await t.get('group-merge-requests', {
        token: o2.token,
        query: { state: 'pending' },
      });
      expect(incoming.status).toBe(200);
      expect(incoming.body.total_count).toBe(1);
      expect(incoming.body.data[0]).toMatchObject({ id: requestId, direction: 'incoming' });
      const outgoing = await t.get('group-merge-requests', { token: o1.token });
      expect(outgoing.body.data[0]).toMatchObject({ id: requestId, direction: 'outgoing' });
      expect((await t.get('group-merge-requests', { token: c.token })).body.total_count).toBe(0);
      expect(
        (await t.get('group-merge-requests', { token: o2.token, query: { state: 'accepted' } }))
          .body.total_count,
      ).toBe(0);
      const badState = await t.get('group-merge-requests', {
        token: o2.token,
        query: { state: 'nope' },
      });
      expect(badState.status).toBe(400);
      expect(badState.body.details[0].field).toBe('state');

      // only the target's owner decides
      expect(
        (await t.post(`group-merge-requests/${requestId}/accept`, undefined, { token: o1.token }))
          .status,
      ).toBe(403);
      expect(
        (await t.post(`group-merge-requests/${requestId}/accept`, undefined, { token: c.token }))
          .status,
      ).toBe(404);
      expect(
        (await t.post(`group-merge-requests/${MISSING_ID}/accept`, undefined, { token: o2.token }))
          .status,
      ).toBe(404);
      expect((await t.post(`group-merge-requests/${requestId}/accept`)).status).toBe(401);
      expect(
        (
          await t.post(`group-merge-requests/${requestId}/accept`, undefined, {
            token: noScope.token,
          })
        ).status,
      ).toBe(403);

      events.length = 0;
      const accepted = await t.post(`group-merge-requests/${requestId}/accept`, undefined, {
        token: o2.token,
      });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({
        id: requestId,
        state: 'accepted',
        direction: 'incoming',
      });
      expect(accepted.body.decided_at).toMatch(/Z$/);

      // after: no duplicates, target roles kept, newcomers are members
      const after = await ownerView(target, o2);
      expect([...after.keys()].sort()).toEqual([o2.id, c.id, shared.id, o1.id, a.id, b.id].sort());
      expect(after.get(o2.id)?.role).toBe('owner');
      expect(after.get(shared.id)?.role).toBe('manager');
      for (const id of [o1.id, a.id, b.id])
        expect(after.get(id)).toMatchObject({ role: 'member', status: 'active' });
      expect(after.has(gone.id)).toBe(false);
      const targetGroup = await t.get(`groups/${target}`, { token: a.token });
      expect(targetGroup.body).toMatchObject({
        member_count: 6,
        my_role: 'member',
        status: 'active',
      });
      const sourceGroup = await t.get(`groups/${source}`, { token: o1.token });
      expect(sourceGroup.body.status).toBe('dissolved');
      expect(events).toEqual([
        {
          name: 'group.merged',
          payload: {
            sourceGroupId: source,
            targetGroupId: target,
            actorId: o2.id,
            addedUserIds: expect.arrayContaining([o1.id, a.id, b.id]) as unknown,
          },
        },
      ]);
      expect((events[0].payload.addedUserIds as string[]).length).toBe(3);

      const twice = await t.post(`group-merge-requests/${requestId}/accept`, undefined, {
        token: o2.token,
      });
      expect(twice.status).toBe(409);
      expect(twice.body.code).toBe('merge_request_not_pending');
      const dissolvedAsks = await t.post(
        `groups/${source}/merge-requests`,
        { target_group_id: target },
        { token: o1.token },
      );
      expect(dissolvedAsks.status).toBe(409);
      expect(dissolvedAsks.body.code).toBe('group_dissolved');
    });

    it('refuses bad targets and strangers', async () => {
      const [o1, o2, a, b] = await users(t, 4);
      const source = await createGroup(t, o1, [a, b]);
      const dead = await createGroup(t, o2, [a, b]);
      await t.post(`groups/${dead}/dissolve`, undefined, { token: o2.token });
      const same = await t.post(
        `groups/${source}/merge-requests`,
        { target_group_id: source },
        { token: o1.token },
      );
      expect(same.status).toBe(400);
      expect(same.body.details[0]).toMatchObject({ field: 'target_group_id', code: 'same_group' });
      const bad = await t.post(
        `groups/${source}/merge-requests`,
        { target_group_id: 'x' },
        { token: o1.token },
      );
      expect(bad.status).toBe(400);
      const unknown = await t.post(
        `groups/${source}/merge-requests`,
        { target_group_id: MISSING_ID },
        { token: o1.token },
      );
      expect(unknown.status).toBe(422);
      expect(unknown.body.code).toBe('unknown_reference');
      const dissolvedTarget = await t.post(
        `groups/${source}/merge-requests`,
        { target_group_id: dead },
        { token: o1.token },
      );
      expect(dissolvedTarget.status).toBe(422);
      expect(dissolvedTarget.body.code).toBe('not_addable');
      expect(
        (
          await t.post(
            `groups/${source}/merge-requests`,
            { target_group_id: dead },
            { token: stranger.token },
          )
        ).status,
      ).toBe(404);
      expect(
        (await t.post(`groups/${source}/merge-requests`, { target_group_id: dead })).status,
      ).toBe(401);
      expect(
        (
          await t.post(
            `groups/${source}/merge-requests`,
            { target_group_id: dead },
            { token: noScope.token },
          )
        ).status,
      ).toBe(403);
      expect((await t.get('group-merge-requests')).status).toBe(401);
      expect((await t.get('group-merge-requests', { token: noScope.token })).status).toBe(403);
      expect((await t.get('group-merge-requests', { token: o1.token })).body.total_count).toBe(0);
    });

    it('rejects and withdraws, changing no membership', async () => {
      const [o1, o2, a, b, c, d] = await users(t, 6);
      const source = await createGroup(t, o1, [a, b]);
      const target = await createGroup(t, o2, [c, d]);
      const first = (
        await t.post(
          `groups/${source}/merge-requests`,
          { target_group_id: target },
          { token: o1.token },
        )
      ).body.id;
      expect(
        (await t.post(`group-merge-requests/${first}/reject`, undefined, { token: o1.token }))
          .status,
      ).toBe(403);
      expect(
        (await t.post(`group-merge-requests/${first}/reject`, undefined, { token: c.token }))
          .status,
      ).toBe(404);
      expect((await t.post(`group-merge-requests/${first}/reject`)).status).toBe(401);
      expect(
        (await t.post(`group-merge-requests/${first}/reject`, undefined, { token: noScope.token }))
          .status,
      ).toBe(403);
      const rejected = await t.post(`group-merge-requests/${first}/reject`, undefined, {
        token: o2.token,
        headers: { 'accept-language': 'zh-CN' },
      });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({ state: 'rejected', state_string: '已拒绝' });
      expect(
        (await t.post(`group-merge-requests/${first}/withdraw`, undefined, { token: o1.token }))
          .status,
      ).toBe(409);

      const second = (
        await t.post(
          `groups/${source}/merge-requests`,
          { target_group_id: target },
          { token: o1.token },
        )
      ).body.id;
      expect(second).not.toBe(first);
      expect(
        (await t.post(`group-merge-requests/${second}/withdraw`, undefined, { token: o2.token }))
          .status,
      ).toBe(403);
      expect(
        (await t.post(`group-merge-requests/${second}/withdraw`, undefined, { token: a.token }))
          .status,
      ).toBe(404);
      expect((await t.post(`group-merge-requests/${second}/withdraw`)).status).toBe(401);
      expect(
        (
          await t.post(`group-merge-requests/${second}/withdraw`, undefined, {
            token: noScope.token,
          })
        ).status,
      ).toBe(403);
      const withdrawn = await t.post(`group-merge-requests/${second}/withdraw`, undefined, {
        token: o1.token,
      });
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body.state).toBe('withdrawn');
      expect(
        (await t.post(`group-merge-requests/${second}/accept`, undefined, { token: o2.token }))
          .status,
      ).toBe(409);

      const states = await t.get('group-merge-requests', { token: o2.token });
      expect(states.body.data.map((r: { state: string }) => r.state)).toEqual([
        'withdrawn',
        'rejected',
      ]);
      expect((await t.get(`groups/${source}`, { token: o1.token })).body).toMatchObject({
        status: 'active',
        member_count: 3,
      });
      expect((await t.get(`groups/${target}`, { token: o2.token })).body.member_count).toBe(3);
    });
  });

  describe('admin', () => {
    let admin: TestAppClient;
    let plainApp: TestAppClient;

    beforeAll(async () => {
      admin = await createAppClient(t, { scopes: ['party_admin'], system: true });
      plainApp = await createAppClient(t, { scopes: ['party_notify'], system: true });
    });

    it('lists every group to a system app with party_admin', async () => {
      const [o, m1, m2] = await users(t, 3);
      const group = await createGroup(t, o, [m1, m2], '研发部');
      const res = await t.get('admin/groups', { token: admin.token, query: { per_page: 100 } });
      expect(res.status).toBe(200);
      expect(res.body.total_count).toBeGreaterThanOrEqual(1);
      expect(res.body.data.find((g: { id: string }) => g.id === group)).toMatchObject({
        name: '研发部',
        owner_id: o.id,
        status: 'active',
        member_count: 3,
      });
      expect((await t.get('admin/groups')).status).toBe(401);
      expect((await t.get('admin/groups', { token: plainApp.token })).status).toBe(403);
      expect((await t.get('admin/groups', { token: plainApp.token })).body.code).toBe(
        'insufficient_scope',
      );
      expect((await t.get('admin/groups', { token: o.token })).status).toBe(403);
      expect(
        (await t.get('admin/groups', { token: admin.token, query: { per_page: 101 } })).status,
      ).toBe(400);
    });

    it("lists a group's current members, or every user", async () => {
      const [o, m1, m2, m3] = await users(t, 4);
      const group = await createGroup(t, o, [m1, m2, m3]);
      await t.delete(`groups/${group}/members/${m3.id}`, { token: o.token });
      const res = await t.get('admin/users', { token: admin.token, query: { group_id: group } });
      expect(res.status).toBe(200);
      expect(res.body.total_count).toBe(3);
      expect(res.body.data[0]).toEqual({
        id: o.id,
        username: o.username,
        nickname: o.nickname,
        name: o.nickname,
        avatar_url: null,
      });
      expect(res.body.data.map((u: { id: string }) => u.id).sort()).toEqual(
        [o.id, m1.id, m2.id].sort(),
      );
      const unknown = await t.get('admin/users', {
        token: admin.token,
        query: { group_id: MISSING_ID },
      });
      expect(unknown.status).toBe(422);
      expect(unknown.body.code).toBe('unknown_reference');
      expect(
        (await t.get('admin/users', { token: admin.token, query: { group_id: 'x' } })).status,
      ).toBe(400);
      expect((await t.get('admin/users', { query: { group_id: group } })).status).toBe(401);
      expect(
        (await t.get('admin/users', { token: plainApp.token, query: { group_id: group } })).status,
      ).toBe(403);
      expect(
        (await t.get('admin/users', { token: o.token, query: { group_id: group } })).status,
      ).toBe(403);
    });

    it('lists every user of the system by username when no group is named', async () => {
      const first = await t.get('admin/users', { token: admin.token, query: { per_page: 1 } });
      expect(first.status).toBe(200);
      expect(first.body.data).toHaveLength(1);
      expect(Object.keys(first.body.data[0]).sort()).toEqual(
        ['avatar_url', 'id', 'name', 'nickname', 'username'].sort(),
      );
      const before = first.body.total_count as number;
      expect(first.headers.get('x-total-count')).toBe(String(before));

      const [extra] = await users(t, 1);
      const all = await t.get('admin/users', { token: admin.token, query: { per_page: 100 } });
      expect(all.body.total_count).toBe(before + 1);
      const names = (all.body.data as { username: string }[]).map((u) => u.username.toLowerCase());
      expect(names).toEqual([...names].sort());
      const ids: string[] = [];
      for (let page = 1; page <= Math.ceil((before + 1) / 100); page += 1) {
        const res = await t.get('admin/users', {
          token: admin.token,
          query: { per_page: 100, page },
        });
        ids.push(...res.body.data.map((u: { id: string }) => u.id));
      }
      expect(ids).toContain(extra.id);
      expect(new Set(ids).size).toBe(before + 1);
      expect((await t.get('admin/users', { token: extra.token })).status).toBe(403);
    });
  });
});
