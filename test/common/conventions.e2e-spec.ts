import { DataSource } from 'typeorm';
import { TokenService } from '../../src/auth/token.service';
import { UserService } from '../../src/auth/user.service';
import { createAppClient, createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

describe('API conventions (DESIGN §4)', () => {
  let t: TestApp;
  let alice: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT_BYTES: '2048' });
    alice = await createUser(t, { nickname: 'Alice', timeZone: 'Asia/Shanghai' });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('errors', () => {
    it('answers an unknown route with a 404 in the envelope, localized', async () => {
      const en = await t.get('no-such-thing');
      expect(en.status).toBe(404);
      expect(en.body).toEqual({
        error: 'No route GET /api/party/no-such-thing',
        code: 'route_not_found',
        details: [],
      });
      const zh = await t.get('no-such-thing', { headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
      expect(zh.body.error).toBe('不存在的接口 GET /api/party/no-such-thing');
    });

    it('names every bad field, rejects unknown fields and changes nothing', async () => {
      const res = await t.patch(
        'user',
        { nickname: '', time_zone: 'Mars/Olympus', locale: 'fr', extra: 1 },
        { token: alice.token },
      );
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      const fields = res.body.details.map(
        (d: { field: string; code: string }) => `${d.field}:${d.code}`,
      );
      expect(fields.sort()).toEqual(
        [
          'extra:whitelist_validation',
          'locale:is_in',
          'nickname:min_length',
          'time_zone:is_time_zone',
        ].sort(),
      );
      for (const detail of res.body.details) expect(typeof detail.message).toBe('string');
      const me = await t.get('user', { token: alice.token });
      expect(me.body.nickname).toBe('Alice');
      expect(me.body.time_zone).toBe('Asia/Shanghai');
    });

    it('rejects null for a field that cannot be empty, and accepts it where null clears', async () => {
      const res = await t.patch(
        'user',
        { nickname: null, time_zone: null },
        { token: alice.token },
      );
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'nickname',
        'time_zone',
      ]);
      const cleared = await t.patch(
        'user',
        { avatar_url: null, locale: null },
        { token: alice.token },
      );
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ nickname: 'Alice', avatar_url: null, locale: null });
    });

    it('answers a page or a number past what any list holds with a 400', async () => {
      for (const page of ['1000001', '1e30', '99999999999999999999']) {
        const res = await t.get('contact-list/archive', { token: alice.token, query: { page } });
        expect(res.status).toBe(400);
        expect(res.body.details[0].field).toBe('page');
      }
      const history = await t.get(`conversations/user/${alice.id}/messages`, {
        token: alice.token,
        query: { before_seq: '2147483648' },
      });
      expect(history.status).toBe(400);
      expect(history.body.details[0].field).toBe('before_seq');
    });

    it('answers text PostgreSQL cannot store, and absurd nesting, with a 400 naming the field', async () => {
      const nul = await t.patch('user', { nickname: 'a\u0000b' }, { token: alice.token });
      expect([nul.status, nul.body.details]).toEqual([
        400,
        [expect.objectContaining({ field: 'nickname', code: 'unstorable_text' })],
      ]);
      const surrogate = await t.patch('user', { email: '\ud800@x.io' }, { token: alice.token });
      expect(surrogate.body.details[0]).toMatchObject({ field: 'email', code: 'unstorable_text' });
      const query = await t.get('users/search', { token: alice.token, query: { q: 'a\u0000' } });
      expect([query.status, query.body.details[0].field]).toEqual([400, 'q']);
      let deep: unknown = 'x';
      for (let i = 0; i < 200; i += 1) deep = [deep];
      const nested = await t.patch('user', { nickname: deep }, { token: alice.token });
      expect([nested.status, nested.body.details[0].code]).toEqual([400, 'too_deeply_nested']);
      expect((await t.get('user', { token: alice.token })).body.nickname).toBe('Alice');
      // A path id that cannot be an id names nothing: 404, as any unknown id.
      expect((await t.get('groups/%00', { token: alice.token })).status).toBe(404);
    });

    it('answers an unexpected failure with a 500 and an error id, and nothing internal', async () => {
      const failure = jest
        .spyOn(t.app.get(UserService), 'getProfile')
        .mockRejectedValueOnce(new Error('connection to 10.0.0.5 lost; password=hunter2'));
      const res = await t.get('user', {
        token: alice.token,
        headers: { 'accept-language': 'zh-CN' },
      });
      failure.mockRestore();
      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        error: expect.stringContaining(res.body.error_id),
        code: 'internal_error',
        details: [],
        error_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(res.text).not.toMatch(/10\.0\.0\.5|hunter2|Error:/);
      expect((await t.get('user', { token: alice.token })).status).toBe(200);
    });

    it('localizes validation details', async () => {
      const res = await t.patch(
        'user',
        { nickname: 'x'.repeat(65) },
        {
          token: alice.token,
          headers: { 'accept-language': 'zh-CN' },
        },
      );
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('请求参数不合法');
      expect(res.body.details).toEqual([
        { field: 'nickname', code: 'max_length', message: 'nickname 最多 64 个字符' },
      ]);
    });

    it('answers a malformed JSON body with a 400', async () => {
      const res = await t.patch('user', '{"nickname": ', {
        token: alice.token,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_body');
    });

    it('answers a body over the limit with a 413', async () => {
      const res = await t.patch('user', { nickname: 'x'.repeat(4000) }, { token: alice.token });
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('payload_too_large');
    });
  });

  describe('bodies and paths', () => {
    it('accepts form bodies as well as JSON', async () => {
      const res = await t.patch('user', new URLSearchParams({ nickname: '韩梅梅' }), {
        token: alice.token,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(res.status).toBe(200);
      expect(res.body.nickname).toBe('韩梅梅');
    });

    it('accepts a trailing slash', async () => {
      const res = await t.get('user/', { token: alice.token });
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(alice.id);
    });
  });

  describe('times', () => {
    it('gives ISO 8601 UTC plus a _string in the reader language and time zone', async () => {
      const zh = await t.get('user', {
        token: alice.token,
        headers: { 'accept-language': 'zh-CN' },
      });
      expect(zh.body.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(zh.body.created_at_string).toContain('年');
      expect(zh.body.created_at_string).toContain('GMT+8');
      const en = await t.get('user', {
        token: alice.token,
        headers: { 'accept-language': 'en-US' },
      });
      expect(en.body.created_at_string).toMatch(/^[A-Z][a-z]+ \d{1,2}, \d{4}/);
    });

    it('keeps null fields present', async () => {
      const me = await t.get('user', { token: alice.token });
      expect(me.body).toHaveProperty('avatar_url', null);
      expect(me.body).toHaveProperty('email', null);
    });
  });

  describe('request ids', () => {
    it('echoes the caller X-Request-Id, or makes one', async () => {
      const given = await t.get('health', { headers: { 'x-request-id': 'trace-abc.123' } });
      expect(given.headers.get('x-request-id')).toBe('trace-abc.123');
      const made = await t.get('health');
      expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const hostile = await t.get('health', { headers: { 'x-request-id': 'a b<script>' } });
      expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('auth guard', () => {
    it('answers a missing token with 401 and a Bearer challenge', async () => {
      const res = await t.get('user');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('unauthorized');
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="party"');
    });

    it('answers an unknown, expired or revoked token with 401 invalid_token', async () => {
      const unknown = await t.get('user', { token: 'not-a-real-token' });
      expect(unknown.status).toBe(401);
      expect(unknown.body.code).toBe('invalid_token');
      expect(unknown.headers.get('www-authenticate')).toContain('error="invalid_token"');

      const tokens = t.app.get(TokenService);
      const dataSource = t.app.get(DataSource);
      const expired = await tokens.issue({
        userId: alice.id,
        appId: null,
        scopes: ['party_user'],
        grantType: 'password',
        expiresIn: 60,
        refreshTtlSeconds: null,
      });
      await dataSource.query(
        `UPDATE oauth_tokens SET access_expires_at = now() - interval '1 second' WHERE id = $1`,
        [expired.id],
      );
      expect((await t.get('user', { token: expired.accessToken })).status).toBe(401);

      const revoked = await tokens.issue({
        userId: alice.id,
        appId: null,
        scopes: ['party_user'],
        grantType: 'password',
        expiresIn: 0,
        refreshTtlSeconds: null,
      });
      expect((await t.get('user', { token: revoked.accessToken })).status).toBe(200);
      await tokens.revoke(revoked.id);
      expect((await t.get('user', { token: revoked.accessToken })).status).toBe(401);
    });

    it('accepts the access_token query parameter', async () => {
      const res = await t.get('user', { query: { access_token: alice.token } });
      expect(res.status).toBe(200);
    });

    it('answers a token without the scope with 403 insufficient_scope naming it', async () => {
      const narrow = await createUser(t, { scopes: ['party_contact'] });
      const res = await t.get('user', { token: narrow.token });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('insufficient_scope');
      expect(res.body.error).toContain('party_user');
      expect(res.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    });

    it('tells a user token on an app-only route the app-only scope it lacks', async () => {
      const admin = await t.get('admin/groups', { token: alice.token });
      expect([admin.status, admin.body.code]).toEqual([403, 'insufficient_scope']);
      expect(admin.body.error).toContain('party_admin');
      expect(admin.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
      const users = await t.get('admin/users', { token: alice.token });
      expect([users.status, users.body.code]).toEqual([403, 'insufficient_scope']);
      expect(users.body.error).toContain('party_admin');
      const countNotifications = async () =>
        Number(
          (await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM notifications`))[0].n,
        );
      const before = await countNotifications();
      const push = await t.post(
        'notifications',
        { receiver: 'users', user_ids: [alice.id], title: 'x', content_type: 'plain' },
        { token: alice.token },
      );
      expect([push.status, push.body.code]).toEqual([403, 'insufficient_scope']);
      expect(push.body.error).toContain('party_notify');
      expect(push.body.error).not.toContain('party_admin');
      expect(await countNotifications()).toBe(before);
    });

    it('refuses an app token on a user route', async () => {
      const app = await createAppClient(t, { scopes: ['party_user'] });
      const res = await t.get('user', { token: app.token });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('wrong_token_kind');
    });
  });

  describe('rate limit headers', () => {
    it('are on every response', async () => {
      const res = await t.get('user', { token: alice.token });
      expect(res.headers.get('x-ratelimit-limit')).toBe('5000');
      expect(Number(res.headers.get('x-ratelimit-remaining'))).toBeLessThan(5000);
      expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
      const anonymous = await t.get('user');
      expect(anonymous.headers.get('x-ratelimit-limit')).toBe('5000');
    });
  });
});
