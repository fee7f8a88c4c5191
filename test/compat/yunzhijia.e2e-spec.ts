import { ConsentClient } from '../auth/auth-helpers';
import { createAppClient, createUser, TestAppClient, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/** Seed 002's requests, verbatim but for the host, the token and the ids (Party ids are UUIDs). */
describe('Yunzhijia wire format (seed 002)', () => {
  let t: TestApp;
  let app: TestAppClient;
  let owner: TestUser;
  let a: TestUser;
  let b: TestUser;
  let c: TestUser;
  let d: TestUser;
  let stranger: TestUser;
  let groupId: string;

  const MISSING = '00000000-0000-4000-8000-000000000000';
  const call = (path: string, body: unknown, token = app.token) =>
    t.post(`/gateway/xtinterface/${path}?accessToken=${token}`, body);

  beforeAll(async () => {
    t = await startTestApp();
    app = await createAppClient(t, {
      scopes: ['party_group', 'party_message', 'party_admin'],
      system: true,
    });
    owner = await createUser(t, { nickname: '张三' });
    a = await createUser(t, { nickname: 'Adam' });
    b = await createUser(t, { nickname: 'Bella' });
    c = await createUser(t, { nickname: 'Carl' });
    d = await createUser(t, { nickname: 'Dora' });
    stranger = await createUser(t, { nickname: 'Stan' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('group/createGroup answers the seed example', async () => {
    const res = await call('group/createGroup', {
      groupName: '讨论组',
      currentUid: owner.id,
      userIds: [a.id, b.id, c.id],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: { groupId: expect.any(String), groupName: '讨论组', groupType: 2, status: 1059 },
      error: null,
      errorCode: 0,
      success: true,
    });
    groupId = res.body.data.groupId;
    const native = await t.get(`groups/${groupId}`, { token: owner.token });
    expect(native.body).toMatchObject({ name: '讨论组', owner_id: owner.id, member_count: 4 });
  });

  it('group/addGroupUser answers the seed example', async () => {
    const res = await call('group/addGroupUser', {
      currentUid: owner.id,
      groupId,
      userIds: [d.id],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: { groupId, groupName: '讨论组', groupType: 2, status: 1059 },
      error: null,
      errorCode: 0,
      success: true,
    });
    const ids = await call('group/groupUsers', { currentUid: owner.id, groupId });
    expect(ids.body.data.participantIds).toContain(d.id);
  });

  it('notice/create answers the seed example', async () => {
    const res = await call('notice/create', {
      currentUid: owner.id,
      groupId,
      title: '群公告标题',
      content: '群公告内容',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      error: null,
      data: {
        noticeId: expect.any(String),
        creator: '张三',
        title: '群公告标题',
        content: '群公告内容',
        createTime: expect.any(Number),
      },
      errorCode: 0,
    });
    expect(Math.abs(res.body.data.createTime - Date.now())).toBeLessThan(3600_000);
    const notices = await t.get(`groups/${groupId}/notices`, { token: a.token });
    expect(notices.body.data.map((n: { id: string }) => n.id)).toEqual([res.body.data.noticeId]);
  });

  it('banner/create: the seed example as printed is refused by the native URL rules', async () => {
    const res = await call('banner/create', {
      currentUid: owner.id,
      groupId,
      params: {
        content: 'string',
        title: 'string',
        lightAppId: 'string',
        thumbUrl: 'string',
        webpageUrl: 'string',
        primaryContent: 'string',
        contentUrl: 'string',
      },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ data: null, errorCode: 400, success: false });
    expect(res.body.error).toContain('params.thumbUrl');
    const banners = await t.get(`groups/${groupId}/banners`, { token: owner.token });
    expect(banners.body.data).toEqual([]);
  });

  it('banner/create answers the seed example with real URLs', async () => {
    const res = await call('banner/create', {
      currentUid: owner.id,
      groupId,
      params: {
        content: 'string',
        title: 'string',
        lightAppId: 'string',
        thumbUrl: 'https://cdn.example.com/t.png',
        webpageUrl: 'https://www.example.com/e/42',
        primaryContent: 'string',
        contentUrl: 'https://cdn.example.com/c.png',
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      error: null,
      data: { bannerId: expect.any(String) },
      errorCode: 0,
    });
    const banners = await t.get(`groups/${groupId}/banners`, { token: owner.token });
    expect(banners.body.data[0]).toMatchObject({
      id: res.body.data.bannerId,
      thumb_url: 'https://cdn.example.com/t.png',
      light_app_id: 'string',
    });
  });

  it('message/merge/createForCloudflow answers the seed example, and the page address works', async () => {
    const sent = await t.post(
      'messages',
      { to_group: groupId, message_type: 'text', content: 'hello' },
      { token: a.token },
    );
    expect(sent.status).toBe(201);
    const res = await call('message/merge/createForCloudflow', { groupId, currentUid: owner.id });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      error: 'no error',
      data: expect.any(String),
      errorCode: 200,
      success: true,
    });
    const mergeId = res.body.data as string;
    const history = await t.get(`merged-histories/${mergeId}`, { token: b.token });
    expect(history.status).toBe(200);
    expect(history.body.messages.map((m: { content: string }) => m.content)).toContain('hello');

    // The seed's address sends the browser to the page, which signs it in by its session.
    const page = await fetch(`${t.baseUrl}/imbu/chat/history.html?mid=${mergeId}&eid=10109`, {
      redirect: 'manual',
    });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe(`/h/${mergeId}`);
    const browser = new ConsentClient(t.baseUrl);
    const anonymous = await browser.get(`/h/${mergeId}`);
    expect(anonymous.status).toBe(303);
    const form = await browser.get(anonymous.location!);
    const signedIn = await browser.post('/oauth/sign-in', {
      ...ConsentClient.hidden(form.html),
      login: b.username,
      password: b.password,
    });
    expect([signedIn.status, signedIn.location]).toEqual([303, `/h/${mergeId}`]);
    const shown = await fetch(`${t.baseUrl}/h/${mergeId}`, {
      headers: { cookie: browser.cookies() },
    });
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('hello');
    const bad = await t.get('/imbu/chat/history.html?mid=nope');
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('mid');
  });

  it('group/groupUsers answers the seed example', async () => {
    const res = await call('group/groupUsers', { currentUid: a.id, groupId });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: { managerIds: [owner.id], participantIds: expect.any(Array) },
      error: null,
      errorCode: 0,
      success: true,
    });
    expect([...res.body.data.participantIds].sort()).toEqual(
      [owner.id, a.id, b.id, c.id, d.id].sort(),
    );
  });

  describe('native rules through the adapter', () => {
    it("refuses an outsider's group as an unknown one (404), and a malformed group id alike", async () => {
      for (const path of ['group/groupUsers', 'message/merge/createForCloudflow']) {
        const res = await call(path, { currentUid: stranger.id, groupId });
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ data: null, errorCode: 404, success: false });
        expect(typeof res.body.error).toBe('string');
      }
      const notice = await call('notice/create', {
        currentUid: stranger.id,
        groupId,
        title: 't',
        content: 'c',
      });
      expect(notice.status).toBe(404);
      const malformed = await call('group/groupUsers', {
        currentUid: owner.id,
        groupId: '5c11fb86e4b03461235eef6f',
      });
      expect(malformed.status).toBe(404);
    });

    it("writes the envelope's message in the reader's language", async () => {
      const body = { currentUid: stranger.id, groupId };
      const zh = await t.post(
        `/gateway/xtinterface/group/groupUsers?accessToken=${app.token}`,
        body,
        {
          headers: { 'Accept-Language': 'zh-CN' },
        },
      );
      const en = await t.post(
        `/gateway/xtinterface/group/groupUsers?accessToken=${app.token}`,
        body,
        {
          headers: { 'Accept-Language': 'en' },
        },
      );
      expect(zh.status).toBe(404);
      expect(zh.body.error).toMatch(/[\u4e00-\u9fff]/);
      expect(en.body.error).not.toMatch(/[\u4e00-\u9fff]/);
    });

    it('refuses a plain member changing content (403) and leaves nothing behind', async () => {
      const res = await call('notice/create', {
        currentUid: a.id,
        groupId,
        title: 't',
        content: 'c',
      });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ data: null, errorCode: 403, success: false });
      const added = await call('group/addGroupUser', {
        currentUid: a.id,
        groupId,
        userIds: [stranger.id],
      });
      expect(added.status).toBe(403);
      const notices = await t.get(`groups/${groupId}/notices`, { token: owner.token });
      expect(notices.body.data).toHaveLength(1);
    });

    it('applies the native notice limits, naming the field', async () => {
      const res = await call('notice/create', {
        currentUid: owner.id,
        groupId,
        title: 'x'.repeat(41),
        content: '群公告内容',
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toContain('title');
      const empty = await call('notice/create', { currentUid: owner.id, groupId, content: 'c' });
      expect(empty.status).toBe(400);
      expect(empty.body.error).toContain('title');
    });

    it('names the vendor fields in the native group rules', async () => {
      const tooFew = await call('group/createGroup', { currentUid: owner.id, userIds: [a.id] });
      expect(tooFew.status).toBe(400);
      expect(tooFew.body.error).toContain('userIds');
      const unknown = await call('group/createGroup', {
        currentUid: owner.id,
        userIds: [a.id, MISSING],
      });
      expect(unknown.status).toBe(422);
      expect(unknown.body).toMatchObject({ errorCode: 422, success: false });
      expect(unknown.body.error).toContain(MISSING);
      const noActor = await call('group/createGroup', {
        currentUid: MISSING,
        userIds: [a.id, b.id],
      });
      expect(noActor.status).toBe(422);
      const badActor = await call('group/createGroup', {
        currentUid: 'nope',
        userIds: [a.id, b.id],
      });
      expect(badActor.status).toBe(400);
      expect(badActor.body.error).toContain('currentUid');
      const extra = await call('group/createGroup', {
        currentUid: owner.id,
        userIds: [a.id, b.id],
        owner: 'x',
      });
      expect(extra.status).toBe(400);
      const broken = await t.post(
        `/gateway/xtinterface/group/createGroup?accessToken=${app.token}`,
        '{"currentUid":',
        { headers: { 'content-type': 'application/json' } },
      );
      expect(broken.status).toBe(400);
      expect(broken.body).toMatchObject({ data: null, errorCode: 400, success: false });
    });

    it('checks the token: none, a bad one, a third-party app, a user token, a missing scope', async () => {
      const body = { currentUid: owner.id, groupId };
      const none = await t.post('/gateway/xtinterface/group/groupUsers', body);
      expect(none.status).toBe(401);
      expect(none.body).toMatchObject({ data: null, errorCode: 401, success: false });
      expect((await call('group/groupUsers', body, 'not-a-token')).status).toBe(401);

      const thirdParty = await createAppClient(t, { scopes: ['party_group'] });
      const notSystem = await call('group/groupUsers', body, thirdParty.token);
      expect(notSystem.status).toBe(403);
      expect(notSystem.body).toMatchObject({ errorCode: 403, success: false });
      expect((await call('group/groupUsers', body, owner.token)).status).toBe(403);

      const groupsOnly = await createAppClient(t, { scopes: ['party_group'], system: true });
      const noScope = await call('message/merge/createForCloudflow', body, groupsOnly.token);
      expect(noScope.status).toBe(403);
      expect(noScope.body.error).toContain('party_message');
      expect((await call('group/groupUsers', body, groupsOnly.token)).status).toBe(200);
    });

    it('answers an unknown gateway path in the envelope', async () => {
      const res = await call('group/nothing', {});
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ data: null, errorCode: 404, success: false });
    });
  });
});

describe('Yunzhijia switched off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ COMPAT: 'agora,xuanxuan' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('has no routes: the native 404', async () => {
    const app = await createAppClient(t, { scopes: ['party_group'], system: true });
    const res = await t.post(`/gateway/xtinterface/group/groupUsers?accessToken=${app.token}`, {});
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('route_not_found');
    const page = await t.get(`/imbu/chat/history.html?mid=${'0'.repeat(8)}`);
    expect(page.status).toBe(404);
    expect((await t.get('/docs/compat/yunzhijia.json')).status).toBe(404);
  });
});

describe('Yunzhijia document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('has its own OpenAPI document, and the native one stays clean', async () => {
    const own = await t.get('/docs/compat/yunzhijia.json');
    expect(own.status).toBe(200);
    expect(Object.keys(own.body.paths)).toContain('/gateway/xtinterface/group/createGroup');
    const native = await t.get('/docs-json');
    expect(Object.keys(native.body.paths).some((path) => path.startsWith('/gateway'))).toBe(false);
  });
});
