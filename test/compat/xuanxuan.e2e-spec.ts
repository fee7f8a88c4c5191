import { DataSource } from 'typeorm';
import { writeCompatSettings } from '../../src/compat/compat-settings';
import { createAppClient, createUser, TestAppClient, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/** Seed 001's requests, verbatim but for the host, the token and the ids. */
describe('Xuanxuan wire format (seed 001)', () => {
  let t: TestApp;
  let app: TestAppClient;
  let owner: TestUser;
  let a: TestUser;
  let b: TestUser;
  let groupId: string;
  let otherGroupId: string;

  const url = (f: string, token = app.token, extra = '') =>
    `/api.php?m=chat&f=${f}${extra}&code=myAppCode&token=${token}`;

  beforeAll(async () => {
    t = await startTestApp();
    app = await createAppClient(t, { scopes: ['party_admin', 'party_notify'], system: true });
    await writeCompatSettings(t.app.get(DataSource).manager, app.clientId, 'xuanxuan', {
      code: 'myAppCode',
    });
    owner = await createUser(t, { nickname: '管理员' });
    a = await createUser(t, { nickname: '张三' });
    b = await createUser(t, { nickname: '李四' });
    groupId = (
      await t.post(
        'groups',
        { name: '第四期项目讨论', user_ids: [a.id, b.id] },
        { token: owner.token },
      )
    ).body.id;
    otherGroupId = (
      await t.post('groups', { name: '研发部', user_ids: [owner.id, b.id] }, { token: a.token })
    ).body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('chat/getChatGroups answers the seed example', async () => {
    const res = await t.get(url('getChatGroups'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      result: 'success',
      data: { [groupId]: '第四期项目讨论', [otherGroupId]: '研发部' },
    });
    expect((await t.post(url('getChatGroups'))).body).toEqual(res.body);
  });

  it("chat/getChatUsers answers the seed example, with a group's gid and without", async () => {
    const res = await t.get(url('getChatUsers', app.token, `&gid=${groupId}`));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      result: 'success',
      data: { [owner.id]: '管理员', [a.id]: '张三', [b.id]: '李四' },
    });
    const all = await t.get(url('getChatUsers'));
    expect(all.status).toBe(200);
    expect(all.body.result).toBe('success');
    expect(Object.keys(all.body.data).sort()).toEqual([owner.id, a.id, b.id].sort());
    const empty = await t.get(url('getChatUsers', app.token, '&gid='));
    expect(empty.body).toEqual(all.body);
  });

  it('notifyMSG answers the seed example (FormData field data), and the group got it', async () => {
    const notifycationData = {
      receiver: 'group',
      gid: groupId,
      title: '测试通知消息',
      subTitle: '测试通知消息副标题',
      content: '**测试消息**内容',
      contentType: 'text',
      url: 'http://xuan.im',
      actions: [
        { type: 'danger', label: '更新日志', url: 'https://xuan.im/page/changelogs.html' },
        { type: 'normal', label: '下载地址', url: 'http://xuan.im/page/download.html' },
      ],
      sender: {
        avatar: 'https://avatars2.githubusercontent.com/u/472425?s=460&v=4',
        name: 'Catouse',
        id: 'catouse',
      },
    };
    const formData = new FormData();
    formData.append('data', JSON.stringify(notifycationData));
    const res = await t.post(url('notifyMSG'), formData);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ result: 'success' });

    const history = await t.get(`conversations/group/${groupId}/messages`, { token: a.token });
    const posted = history.body.data[0];
    expect(posted).toMatchObject({ message_type: 'notification', content: '**测试消息**内容' });
    expect(JSON.stringify(posted)).toContain('测试通知消息副标题');
    expect(JSON.stringify(posted)).toContain('markdown');
  });

  it('notifyMSG to users lands in their notification centers (URL-encoded form too)', async () => {
    const body = new URLSearchParams({
      data: JSON.stringify({
        receiver: 'users',
        userList: [a.id, b.id],
        title: '系统通知',
        contentType: 'plain',
        content: 'hello',
      }),
    });
    const res = await t.post(url('notifyMSG'), body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ result: 'success' });
    const center = await t.get('notifications', { token: b.token });
    expect(center.body.data[0]).toMatchObject({ title: '系统通知', content: 'hello' });
  });

  describe('native rules through the adapter', () => {
    it('applies the native push rules, naming the seed fields', async () => {
      const form = (data: unknown) => {
        const body = new FormData();
        body.append('data', typeof data === 'string' ? data : JSON.stringify(data));
        return body;
      };
      const noTitle = await t.post(
        url('notifyMSG'),
        form({ receiver: 'users', userList: [a.id], contentType: 'plain' }),
      );
      expect(noTitle.status).toBe(400);
      expect(noTitle.body).toEqual({ result: 'fail', message: expect.stringContaining('title') });
      const badType = await t.post(
        url('notifyMSG'),
        form({ receiver: 'users', userList: [a.id], title: 't', contentType: 'html' }),
      );
      expect(badType.status).toBe(400);
      expect(badType.body.message).toContain('contentType');
      const unknownGroup = await t.post(
        url('notifyMSG'),
        form({
          receiver: 'group',
          gid: '00000000-0000-4000-8000-000000000000',
          title: 't',
          contentType: 'plain',
        }),
      );
      expect(unknownGroup.status).toBe(422);
      expect(unknownGroup.body.message).toContain('gid');
      const js = await t.post(
        url('notifyMSG'),
        form({
          receiver: 'users',
          userList: [a.id],
          title: 't',
          contentType: 'plain',
          url: 'javascript:alert(1)',
        }),
      );
      expect(js.status).toBe(400);
      const broken = await t.post(url('notifyMSG'), form('{"receiver":'));
      expect(broken.status).toBe(400);
      expect(broken.body.message).toContain('data');
      const none = await t.post(url('notifyMSG'), new FormData());
      expect(none.status).toBe(400);
      const center = await t.get('notifications', { token: a.token });
      expect(center.body.data).toHaveLength(1);
    });

    it('refuses an unknown gid (422) and a malformed one (400) naming gid', async () => {
      const unknown = await t.get(
        url('getChatUsers', app.token, '&gid=00000000-0000-4000-8000-000000000000'),
      );
      expect(unknown.status).toBe(422);
      expect(unknown.body).toEqual({ result: 'fail', message: expect.stringContaining('gid') });
      const malformed = await t.get(url('getChatUsers', app.token, '&gid=30683aea'));
      expect(malformed.status).toBe(400);
      expect(malformed.body.message).toContain('gid');
    });

    it('checks code and token: wrong code, none, a bad one, a third-party app, a missing scope', async () => {
      const wrongCode = await t.get(
        `/api.php?m=chat&f=getChatGroups&code=other&token=${app.token}`,
      );
      expect(wrongCode.status).toBe(404);
      expect(wrongCode.body.result).toBe('fail');
      const none = await t.get('/api.php?m=chat&f=getChatGroups&code=myAppCode');
      expect(none.status).toBe(401);
      expect(none.body).toEqual({ result: 'fail', message: expect.any(String) });
      expect((await t.get(url('getChatGroups', 'nope'))).status).toBe(401);
      const thirdParty = await createAppClient(t, { scopes: ['party_admin'] });
      expect((await t.get(url('getChatGroups', thirdParty.token))).status).toBe(403);
      expect((await t.get(url('getChatGroups', owner.token))).status).toBe(403);
      const notifyOnly = await createAppClient(t, { scopes: ['party_notify'], system: true });
      const noAdmin = await t.get(url('getChatGroups', notifyOnly.token));
      expect(noAdmin.status).toBe(403);
      expect(noAdmin.body.message).toContain('party_admin');
    });

    it('answers an unknown function in its envelope', async () => {
      const res = await t.get(url('getEverything'));
      expect(res.status).toBe(404);
      expect(res.body.result).toBe('fail');
      const bare = await t.get('/api.php');
      expect(bare.status).toBe(404);
      expect(bare.body.result).toBe('fail');
    });
  });
});

describe('Xuanxuan switched off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ COMPAT: '' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('has no routes: the native 404', async () => {
    const app = await createAppClient(t, { scopes: ['party_admin'], system: true });
    const res = await t.get(`/api.php?m=chat&f=getChatGroups&code=myAppCode&token=${app.token}`);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('route_not_found');
    expect((await t.get('/docs/compat/xuanxuan.json')).status).toBe(404);
  });
});
