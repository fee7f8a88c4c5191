import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

// eslint-disable-next-line @typescript-eslint/unbound-method -- called with its client below
const realQuery = Client.prototype.query;
import { createAppClient, createUser, TestAppClient, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

describe('notifications', () => {
  let t: TestApp;
  let notifier: TestAppClient;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;

  const push = (body: Record<string, unknown>, token = notifier.token) =>
    t.post('notifications', body, { token });
  const toUsers = (userIds: string[], extra: Record<string, unknown> = {}) =>
    push({ receiver: 'users', user_ids: userIds, title: 'Hello', content_type: 'plain', ...extra });
  const countRows = async (): Promise<number> => {
    const rows: { n: number }[] = await t.app
      .get(DataSource)
      .query(
        'SELECT (SELECT count(*) FROM notifications) + (SELECT count(*) FROM notification_recipients) AS n',
      );
    return Number(rows[0].n);
  };

  beforeAll(async () => {
    t = await startTestApp();
    notifier = await createAppClient(t, {
      scopes: ['party_notify'],
      system: true,
      name: '喧喧机器人',
    });
    [alice, bob, carol] = await Promise.all([createUser(t), createUser(t), createUser(t)]);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('POST notifications to users', () => {
    it("lands in each user's center, with markdown rendered and kept raw", async () => {
      const res = await push({
        receiver: 'users',
        user_ids: [alice.id, bob.id, alice.id],
        title: '测试通知消息',
        subtitle: '测试通知消息副标题',
        content: '**测试消息**内容',
        content_type: 'markdown',
        url: 'http://xuan.im',
        actions: [
          { type: 'danger', label: '更新日志', url: 'https://xuan.im/page/changelogs.html' },
          { label: '下载地址', url: 'http://xuan.im/page/download.html', icon: 'download' },
        ],
        sender: {
          avatar: 'https://avatars2.githubusercontent.com/u/472425?s=460&v=4',
          name: 'Catouse',
          id: 'catouse',
        },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        receiver: 'users',
        recipient_count: 2,
        group_id: null,
        message_id: null,
        message_seq: null,
        title: '测试通知消息',
        subtitle: '测试通知消息副标题',
        content: '**测试消息**内容',
        content_html: '<p><strong>测试消息</strong>内容</p>',
        content_type: 'markdown',
        url: 'http://xuan.im',
        actions: [
          {
            label: '更新日志',
            icon: null,
            url: 'https://xuan.im/page/changelogs.html',
            type: 'danger',
          },
          {
            label: '下载地址',
            icon: 'download',
            url: 'http://xuan.im/page/download.html',
            type: null,
          },
        ],
        sender: {
          id: 'catouse',
          name: 'Catouse',
          avatar: 'https://avatars2.githubusercontent.com/u/472425?s=460&v=4',
        },
        app: { id: notifier.appId, name: '喧喧机器人' },
      });
      expect(res.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

      for (const user of [alice, bob]) {
        const list = await t.get('notifications', { token: user.token });
        expect(list.status).toBe(200);
        const item = list.body.data.find((n: { id: string }) => n.id === res.body.id);
        expect(item).toMatchObject({
          title: '测试通知消息',
          content_html: '<p><strong>测试消息</strong>内容</p>',
          read_at: null,
          read_at_string: null,
          app: { id: notifier.appId, name: '喧喧机器人' },
        });
        expect(typeof item.created_at_string).toBe('string');
      }
      const carolList = await t.get('notifications', { token: carol.token });
      expect(carolList.body.data.some((n: { id: string }) => n.id === res.body.id)).toBe(false);
    });

    it('accepts a numeric sender id and plain text, escaped into content_html', async () => {
      const res = await toUsers([carol.id], {
        content: 'a < b & "c"\nnext line\n\nsecond',
        sender: { id: 42, avatar: 'https://cdn.example.com/bot.png' },
      });
      expect(res.status).toBe(201);
      expect(res.body.sender).toEqual({
        id: '42',
        name: null,
        avatar: 'https://cdn.example.com/bot.png',
      });
      expect(res.body.content_html).toBe(
        '<p>a &lt; b &amp; &quot;c&quot;<br>next line</p>\n<p>second</p>',
      );
      const bare = await toUsers([carol.id]);
      expect(bare.body).toMatchObject({
        content: null,
        content_html: null,
        actions: [],
        sender: null,
      });
    });

    it('accepts a form body, user ids as a comma list', async () => {
      const form = new URLSearchParams({
        receiver: 'users',
        user_ids: `${alice.id},${bob.id}`,
        title: 'From a form',
        content_type: 'plain',
      });
      const res = await t.post('notifications', form, {
        token: notifier.token,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ recipient_count: 2, title: 'From a form' });
    });

    it('sanitizes a hostile markdown body', async () => {
      const hostile = [
        '# Hi <script>alert(1)</script>',
        '<iframe src="https://evil.example.com"></iframe>',
        '<img src="https://cdn.example.com/x.png" onerror="alert(2)">',
        '<img src="javascript:alert(3)">',
        '[click](javascript:alert(4)) [ok](https://example.com)',
        '<a href="JaVaScRiPt:alert(5)" onclick="alert(6)">x</a>',
        '<div style="background:url(javascript:alert(7))" onmouseover="alert(8)">y</div>',
        '<svg onload="alert(9)"></svg><object data="x"></object><style>*{}</style>',
      ].join('\n\n');
      const res = await toUsers([alice.id], { content: hostile, content_type: 'markdown' });
      expect(res.status).toBe(201);
      const html: string = res.body.content_html;
      expect(res.body.content).toBe(hostile);
      expect(html).not.toMatch(/<script|<iframe|<svg|<object|<style/i);
      expect(html).not.toMatch(/\son\w+=/i);
      expect(html).not.toMatch(/(href|src)\s*=\s*["']?\s*javascript:/i);
      // A markdown link to javascript: is never made a link: it stays inert text.
      expect(html).toContain('<p>[click](javascript:alert(4))');
      expect(html).not.toMatch(/style=/i);
      expect(html).toContain('<h1>Hi </h1>');
      expect(html).toContain('<img src="https://cdn.example.com/x.png" />');
      expect(html).toContain(
        '<a href="https://example.com" rel="noopener noreferrer nofollow" target="_blank">ok</a>',
      );
      const stored = await t.get('notifications', { token: alice.token });
      const item = stored.body.data.find((n: { id: string }) => n.id === res.body.id);
      expect(item.content_html).toBe(html);
      expect(item.content).toBe(hostile);
    });

    it('takes one set-based write for 10,000 recipients', async () => {
      const dataSource = t.app.get(DataSource);
      const rows: { id: string }[] = await dataSource.query(
        `INSERT INTO users (username, username_lower, password_hash, nickname, time_zone)
         SELECT 'bulk' || g, 'bulk' || g, 'x', 'bulk' || g, 'UTC' FROM generate_series(1, 9999) g
         RETURNING id`,
      );
      const ids = [alice.id, ...rows.map((row) => row.id)];
      const statements: string[] = [];
      const watch = jest.spyOn(Client.prototype, 'query').mockImplementation(function (
        this: Client,
        ...args: unknown[]
      ) {
        const first = args[0] as string | { text?: string };
        statements.push(typeof first === 'string' ? first : (first.text ?? ''));
        return (realQuery as (...params: unknown[]) => unknown).apply(this, args);
      });
      const res = await toUsers(ids, { title: 'Everyone' });
      watch.mockRestore();
      expect(res.status).toBe(201);
      const recipientWrites = statements.filter((sql) =>
        /INSERT INTO notification_recipients/.test(sql),
      );
      expect(recipientWrites).toHaveLength(1);
      expect(res.body.recipient_count).toBe(10_000);
      const counted: { n: number }[] = await dataSource.query(
        'SELECT count(*)::int AS n FROM notification_recipients WHERE notification_id = $1',
        [res.body.id],
      );
      expect(counted[0].n).toBe(10_000);
      const tooMany = await toUsers([...ids, randomUUID()]);
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.details[0]).toMatchObject({ field: 'user_ids', code: 'array_max_size' });
    });
  });

  describe('validation and all or nothing', () => {
    const valid = () => ({
      receiver: 'users',
      user_ids: [alice.id],
      title: 'T',
      content_type: 'plain',
    });
    const cases: [string, Record<string, unknown>, string, string][] = [
      ['missing receiver', { receiver: undefined }, 'receiver', 'is_defined'],
      ['unknown receiver', { receiver: 'everyone' }, 'receiver', 'is_in'],
      ['missing user_ids', { user_ids: undefined }, 'user_ids', 'is_defined'],
      ['empty user_ids', { user_ids: [] }, 'user_ids', 'array_min_size'],
      ['malformed user id', { user_ids: ['nope'] }, 'user_ids', 'is_uuid'],
      [
        'group_id with receiver users',
        { group_id: randomUUID() },
        'group_id',
        'notification_receiver_mismatch',
      ],
      ['missing group_id', { receiver: 'group', user_ids: undefined }, 'group_id', 'is_defined'],
      [
        'user_ids with receiver group',
        { receiver: 'group', group_id: randomUUID() },
        'user_ids',
        'notification_receiver_mismatch',
      ],
      ['missing title', { title: undefined }, 'title', 'is_defined'],
      ['empty title', { title: '' }, 'title', 'min_length'],
      ['title over 100', { title: '通'.repeat(101) }, 'title', 'max_length'],
      ['content over 10,000', { content: 'x'.repeat(10_001) }, 'content', 'max_length'],
      ['subtitle over 200', { subtitle: 'x'.repeat(201) }, 'subtitle', 'max_length'],
      ['missing content_type', { content_type: undefined }, 'content_type', 'is_defined'],
      ['seed content_type text', { content_type: 'text' }, 'content_type', 'is_in'],
      ['javascript url', { url: 'javascript:alert(1)' }, 'url', 'is_url'],
      ['ftp url', { url: 'ftp://example.com/x' }, 'url', 'is_url'],
      [
        'six actions',
        {
          actions: Array.from({ length: 6 }, () => ({ label: 'a', url: 'https://a.example.com' })),
        },
        'actions',
        'array_max_size',
      ],
      [
        'action without label',
        { actions: [{ url: 'https://a.example.com' }] },
        'actions.0.label',
        'is_defined',
      ],
      ['action without url', { actions: [{ label: 'a' }] }, 'actions.0.url', 'is_defined'],
      [
        'action with a javascript url',
        { actions: [{ label: 'a', url: 'javascript:alert(1)' }] },
        'actions.0.url',
        'is_url',
      ],
      [
        'action of unknown type',
        { actions: [{ label: 'a', url: 'https://a.example.com', type: 'normal' }] },
        'actions.0.type',
        'is_in',
      ],
      [
        'action icon with a javascript url',
        { actions: [{ label: 'a', url: 'https://a.example.com', icon: 'javascript:alert(1)' }] },
        'actions.0.icon',
        'notification_icon_scheme',
      ],
      [
        'sender without id',
        { sender: { avatar: 'https://cdn.example.com/a.png' } },
        'sender.id',
        'is_defined',
      ],
      [
        'sender with an empty id',
        { sender: { id: '', avatar: 'https://cdn.example.com/a.png' } },
        'sender.id',
        'notification_sender_id',
      ],
      ['sender without avatar', { sender: { id: 'x' } }, 'sender.avatar', 'is_defined'],
      [
        'sender avatar not http(s)',
        { sender: { id: 'x', avatar: 'data:image/png;base64,AAAA' } },
        'sender.avatar',
        'is_url',
      ],
      ['unknown field', { gid: randomUUID() }, 'gid', 'whitelist_validation'],
    ];

    it.each(cases)(
      '%s is a 400 naming the field, and nothing is stored',
      async (_, change, field, code) => {
        const before = await countRows();
        const res = await push({ ...valid(), ...change }, notifier.token);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('validation_failed');
        expect(res.body.details).toEqual(
          expect.arrayContaining([expect.objectContaining({ field, code })]),
        );
        expect(await countRows()).toBe(before);
      },
    );

    it('an unknown user is a 422 naming him, and nobody gets anything', async () => {
      const before = await countRows();
      const ghost = randomUUID();
      const res = await toUsers([alice.id, ghost, bob.id]);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('unknown_reference');
      expect(res.body.details).toEqual([
        { field: 'user_ids', code: 'unknown_reference', message: expect.stringContaining(ghost) },
      ]);
      expect(res.body.error).toContain(ghost);
      expect(await countRows()).toBe(before);
    });

    it('an unknown group is a 422 naming it', async () => {
      const before = await countRows();
      const ghost = randomUUID();
      const res = await push({
        receiver: 'group',
        group_id: ghost,
        title: 'x',
        content_type: 'plain',
      });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'unknown_reference' });
      expect(res.body.details[0]).toMatchObject({ field: 'group_id', code: 'unknown_reference' });
      expect(res.body.error).toContain(ghost);
      expect(await countRows()).toBe(before);
    });

    it('localizes the errors', async () => {
      const res = await t.post(
        'notifications',
        { ...valid(), title: '' },
        { token: notifier.token, headers: { 'accept-language': 'zh-CN' } },
      );
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('请求参数不合法');
    });
  });

  describe('who may push', () => {
    it('401 without a token or with a bad one', async () => {
      const before = await countRows();
      const body = { receiver: 'users', user_ids: [alice.id], title: 'x', content_type: 'plain' };
      expect((await t.post('notifications', body)).status).toBe(401);
      expect((await push(body, 'not-a-token')).status).toBe(401);
      expect(await countRows()).toBe(before);
    });

    it('a user token cannot push (403 insufficient_scope naming party_notify)', async () => {
      const before = await countRows();
      const res = await push(
        { receiver: 'users', user_ids: [bob.id], title: 'x', content_type: 'plain' },
        alice.token,
      );
      expect([res.status, res.body.code]).toEqual([403, 'insufficient_scope']);
      expect(res.body.error).toContain('party_notify');
      expect(await countRows()).toBe(before);
    });

    it('an app token without party_notify cannot push (403 insufficient_scope)', async () => {
      const other = await createAppClient(t, { scopes: ['party_admin'], system: true });
      const before = await countRows();
      const res = await push(
        { receiver: 'users', user_ids: [bob.id], title: 'x', content_type: 'plain' },
        other.token,
      );
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('insufficient_scope');
      expect(res.body.error).toContain('party_notify');
      expect(await countRows()).toBe(before);
    });
  });

  describe('the notification center', () => {
    let dan: TestUser;
    let erin: TestUser;
    let ids: string[];

    beforeAll(async () => {
      [dan, erin] = await Promise.all([
        createUser(t, { timeZone: 'Asia/Shanghai' }),
        createUser(t),
      ]);
      ids = [];
      for (const title of ['first', 'second', 'third']) {
        const res = await toUsers([dan.id, erin.id], { title });
        ids.push(res.body.id);
      }
    });

    it('lists newest first with the unread count and pagination headers', async () => {
      const res = await t.get('notifications', { token: dan.token, query: { per_page: 2 } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ page: 1, per_page: 2, total_count: 3, unread_count: 3 });
      expect(res.body.data.map((n: { title: string }) => n.title)).toEqual(['third', 'second']);
      expect(res.headers.get('x-total-count')).toBe('3');
      expect(res.headers.get('link')).toContain('rel="next"');
      const page2 = await t.get('notifications', {
        token: dan.token,
        query: { page: 2, per_page: 2 },
      });
      expect(page2.body.data.map((n: { title: string }) => n.title)).toEqual(['first']);
      const past = await t.get('notifications', { token: dan.token, query: { page: 9 } });
      expect(past.status).toBe(200);
      expect(past.body.data).toEqual([]);
    });

    it('rejects bad paging', async () => {
      expect((await t.get('notifications', { token: dan.token, query: { page: 0 } })).status).toBe(
        400,
      );
      expect(
        (await t.get('notifications', { token: dan.token, query: { per_page: 101 } })).status,
      ).toBe(400);
    });

    it('keeps read state per user, and unread come first', async () => {
      const read = await t.post(`notifications/${ids[2]}/read`, undefined, { token: dan.token });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id: ids[2], title: 'third' });
      expect(read.body.read_at).toMatch(/Z$/);
      expect(read.body.read_at_string).toContain('GMT+8');

      const again = await t.post(`notifications/${ids[2]}/read`, undefined, { token: dan.token });
      expect(again.body.read_at).toBe(read.body.read_at);

      const mine = await t.get('notifications', { token: dan.token });
      expect(mine.body.unread_count).toBe(2);
      expect(mine.body.data.map((n: { title: string }) => n.title)).toEqual([
        'second',
        'first',
        'third',
      ]);

      const hers = await t.get('notifications', { token: erin.token });
      expect(hers.body.unread_count).toBe(3);
      expect(hers.body.data.every((n: { read_at: null }) => n.read_at === null)).toBe(true);
    });

    it("is 404 for another user's notification, an unknown id or a malformed one", async () => {
      const [own] = ids;
      const stranger = await createUser(t);
      for (const id of [own, randomUUID(), 'not-an-id']) {
        const res = await t.post(`notifications/${id}/read`, undefined, { token: stranger.token });
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('not_found');
      }
      const hers = await t.get('notifications', { token: erin.token });
      expect(hers.body.unread_count).toBe(3);
    });

    it('marks all read and answers how many were unread', async () => {
      const res = await t.post('notifications/read-all', undefined, { token: erin.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ marked_count: 3 });
      const again = await t.post('notifications/read-all', undefined, { token: erin.token });
      expect(again.body).toEqual({ marked_count: 0 });
      const hers = await t.get('notifications', { token: erin.token });
      expect(hers.body.unread_count).toBe(0);
      const his = await t.get('notifications', { token: dan.token });
      expect(his.body.unread_count).toBe(2);
    });

    it('needs a user token with party_user', async () => {
      expect((await t.get('notifications')).status).toBe(401);
      expect((await t.post('notifications/read-all')).status).toBe(401);
      expect((await t.post(`notifications/${ids[0]}/read`)).status).toBe(401);
      const noUserScope = await createUser(t, { scopes: ['party_message'] });
      for (const res of [
        await t.get('notifications', { token: noUserScope.token }),
        await t.post('notifications/read-all', undefined, { token: noUserScope.token }),
        await t.post(`notifications/${ids[0]}/read`, undefined, { token: noUserScope.token }),
      ]) {
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('insufficient_scope');
      }
      const appList = await t.get('notifications', { token: notifier.token });
      expect(appList.status).toBe(403);
    });
  });

  describe('POST notifications to a group', () => {
    it('posts a notification message into the group', async () => {
      const created = await t.post(
        'groups',
        { name: '第四期项目讨论', user_ids: [bob.id, carol.id] },
        { token: alice.token },
      );
      expect(created.status).toBe(201);
      const groupId: string = created.body.id;
      const res = await push({
        receiver: 'group',
        group_id: groupId,
        title: '测试通知消息',
        content: '**测试消息**内容',
        content_type: 'markdown',
        actions: [
          { type: 'danger', label: '更新日志', url: 'https://xuan.im/page/changelogs.html' },
        ],
        sender: { id: 'catouse', avatar: 'https://cdn.example.com/a.png' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        receiver: 'group',
        group_id: groupId,
        recipient_count: 3,
        content_html: '<p><strong>测试消息</strong>内容</p>',
        app: { id: notifier.appId, name: '喧喧机器人' },
      });
      expect(typeof res.body.message_id).toBe('string');
      expect(typeof res.body.message_seq).toBe('number');

      const history = await t.get(`conversations/group/${groupId}/messages`, {
        token: carol.token,
      });
      expect(history.status).toBe(200);
      const message = history.body.data.find((m: { id: string }) => m.id === res.body.message_id);
      expect(message).toMatchObject({
        message_type: 'notification',
        content: '**测试消息**内容',
        seq: res.body.message_seq,
      });
      expect(message.details).toMatchObject({
        title: '测试通知消息',
        notification_id: res.body.id,
        content_html: '<p><strong>测试消息</strong>内容</p>',
      });

      const center = await t.get('notifications', { token: carol.token });
      expect(center.body.data.some((n: { id: string }) => n.id === res.body.id)).toBe(false);
    });

    it('refuses a dissolved group with 409 and posts nothing', async () => {
      const created = await t.post(
        'groups',
        { user_ids: [bob.id, carol.id] },
        { token: alice.token },
      );
      const groupId: string = created.body.id;
      expect((await t.post(`groups/${groupId}/dissolve`, {}, { token: alice.token })).status).toBe(
        200,
      );
      const before = await t.get(`conversations/group/${groupId}/messages`, { token: alice.token });
      const res = await push({
        receiver: 'group',
        group_id: groupId,
        title: 'late',
        content_type: 'plain',
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('group_dissolved');
      const after = await t.get(`conversations/group/${groupId}/messages`, { token: alice.token });
      expect(after.body.data).toEqual(before.body.data);
    });
  });
});
