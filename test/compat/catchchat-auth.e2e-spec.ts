import { DataSource } from 'typeorm';
import { freshMobile, lastCode } from '../auth/auth-helpers';
import { createUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { catchchat, form, tokenHeader } from './catchchat-support';

describe('CatchChat v4: sign-in, registration and the Token header (seed 004)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  /** Registers through the seed's two steps and answers what `update` answered. */
  async function register(username: string, password = 'yourpassword') {
    const mobile = freshMobile();
    const cc = catchchat(t);
    const created = await cc.post(
      '/api/v4/registration/create',
      form({ mobile, username, password, phone_code: '86' }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ mobile, phone_code: '86', username });
    const token = lastCode(t, `+86${mobile}`, 'register');
    const done = await cc.put(
      '/api/v4/registration/update',
      form({ mobile, phone_code: '86', username, token }),
    );
    return { mobile, done };
  }

  describe('registration/create and registration/update', () => {
    it('creates the account only when the SMS code comes back, and signs it in', async () => {
      const { mobile, done } = await register('tumayun');
      expect(done.status).toBe(200);
      expect(done.body).toEqual({
        access_token: expect.any(String),
        user: {
          id: expect.any(Number),
          name: 'tumayun',
          username: 'tumayun',
          nickname: 'tumayun',
          phone_code: '86',
          mobile,
          mobile_verified: true,
          time_zone: 'UTC',
          state: 1,
          state_string: '活跃',
          avatar_url: null,
        },
      });
      const me = await catchchat(t, done.body.access_token).get('/api/v4/user');
      expect(me.status).toBe(200);
      expect(me.body.id).toBe(done.body.user.id);
    });

    it('keeps only a hash of the password between the two steps', async () => {
      const mobile = freshMobile();
      await catchchat(t).post(
        '/api/v4/registration/create',
        form({ mobile, username: 'hashkeeper', password: 'plain-text-secret', phone_code: '86' }),
      );
      const rows: { password_hash: string }[] = await t.app
        .get(DataSource)
        .query('SELECT password_hash FROM catchchat_registrations WHERE mobile = $1', [
          `+86${mobile}`,
        ]);
      expect(rows).toHaveLength(1);
      expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
    });

    it('refuses a wrong code, a username other than the one started, and a taken username', async () => {
      const mobile = freshMobile();
      const cc = catchchat(t);
      await cc.post(
        '/api/v4/registration/create',
        form({ mobile, username: 'wrongcode', password: 'yourpassword', phone_code: '86' }),
      );
      const code = lastCode(t, `+86${mobile}`, 'register');
      const wrong = await cc.put(
        '/api/v4/registration/update',
        form({
          mobile,
          phone_code: '86',
          username: 'wrongcode',
          token: code === '000000' ? '111111' : '000000',
        }),
      );
      expect(wrong.status).toBe(400);
      expect(Object.keys(wrong.body)).toEqual(['error']);
      expect(wrong.body.error).toContain('token');
      const other = await cc.put(
        '/api/v4/registration/update',
        form({ mobile, phone_code: '86', username: 'someoneelse', token: code }),
      );
      expect(other.status).toBe(409);
      const taken = await cc.post(
        '/api/v4/registration/create',
        form({
          mobile: freshMobile(),
          username: 'tumayun',
          password: 'yourpassword',
          phone_code: '86',
        }),
      );
      expect(taken.status).toBe(409);
      expect(taken.body).toEqual({ error: '用户名已经被使用' });
      const bad = await cc.post(
        '/api/v4/registration/create',
        form({ mobile: freshMobile(), username: 'x', password: 'short', phone_code: '86' }),
      );
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatch(/username/);
      expect(bad.body.error).toMatch(/password/);
    });
  });

  describe('token_by_login', () => {
    it('answers the seed example: {login, access_token}, usable with the Token header', async () => {
      await register('yourname', 'yourpassword');
      const res = await t.post(
        '/api/auth/token_by_login',
        form({ login: 'yourname', password: 'yourpassword', client: 2 }),
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ login: 'yourname', access_token: expect.any(String) });
      const me = await t.get('/api/v4/user', { headers: tokenHeader(res.body.access_token) });
      expect(me.status).toBe(200);
      expect(me.body.username).toBe('yourname');
      // The header without quotes, as in the seed's friendship examples.
      const bare = await t.get('/api/v4/user', {
        headers: { authorization: `Token token=${res.body.access_token}` },
      });
      expect(bare.status).toBe(200);
    });

    it('honours expiring (seconds; 0 = never) and a form-urlencoded body', async () => {
      const hour = await t.post(
        '/api/auth/token_by_login',
        new URLSearchParams({
          login: 'yourname',
          password: 'yourpassword',
          expiring: '3600',
          client: '2',
        }),
        { headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      );
      expect(hour.status).toBe(200);
      const never = await t.post(
        '/api/auth/token_by_login',
        form({ login: 'yourname', password: 'yourpassword', expiring: 0 }),
      );
      expect(never.status).toBe(200);
      const rows: { access_expires_at: Date | null; grant_type: string }[] = await t.app
        .get(DataSource)
        .query(
          `SELECT access_expires_at, grant_type FROM oauth_tokens
            WHERE user_id = (SELECT id FROM users WHERE username = 'yourname')
            ORDER BY created_at DESC LIMIT 2`,
        );
      expect(rows[0].access_expires_at).toBeNull();
      const lifetime = (rows[1].access_expires_at as Date).getTime() - Date.now();
      expect(lifetime).toBeGreaterThan(3500_000);
      expect(lifetime).toBeLessThanOrEqual(3600_000);
    });

    it('answers a wrong password with 401 {error: "用户名密码错误"}', async () => {
      const res = await catchchat(t).post(
        '/api/auth/token_by_login',
        form({ login: 'yourname', password: 'wrong' }),
      );
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: '用户名密码错误' });
      const nobody = await catchchat(t).post(
        '/api/auth/token_by_login',
        form({ login: 'nobodyhere', password: 'wrong' }),
      );
      expect(nobody.status).toBe(401);
      const badClient = await catchchat(t).post(
        '/api/auth/token_by_login',
        form({ login: 'yourname', password: 'yourpassword', client: 7 }),
      );
      expect(badClient.status).toBe(400);
      expect(badClient.body.error).toMatch(/client/);
    });
  });

  describe('send_verify_code and token_by_mobile', () => {
    it('signs in with a mobile code, as the seed examples send it (no phone_code)', async () => {
      const { mobile } = await register('bymobile');
      const sent = await t.post('/api/auth/send_verify_code', form({ mobile, phone_code: '86' }));
      expect(sent.status).toBe(200);
      expect(sent.body).toEqual({ mobile });
      const code = lastCode(t, `+86${mobile}`, 'login');
      const res = await t.post(
        '/api/auth/token_by_mobile',
        form({ mobile, verify_code: code, client: 2 }),
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ mobile, access_token: expect.any(String) });
      const me = await t.get('/api/v4/user', { headers: tokenHeader(res.body.access_token) });
      expect(me.body.username).toBe('bymobile');
      const again = await catchchat(t).post(
        '/api/auth/token_by_mobile',
        form({ mobile, verify_code: code, expiring: 3600, client: 2 }),
      );
      expect(again.status).toBe(401);
      expect(again.body).toEqual({ error: '手机号或验证码错误' });
    });

    it('stops at 20 codes an hour per number with 429', async () => {
      const { mobile } = await register('manycodes');
      // Registering sent the number its first code of the hour.
      for (let i = 1; i < 20; i += 1) {
        const ok = await t.post('/api/auth/send_verify_code', form({ mobile, phone_code: '86' }));
        expect(ok.status).toBe(200);
      }
      const over = await catchchat(t).post(
        '/api/auth/send_verify_code',
        form({ mobile, phone_code: '86' }),
      );
      expect(over.status).toBe(429);
      expect(over.body).toEqual({ error: `发给手机号 +86${mobile} 的验证码数量已经超过限制` });
    });
  });

  describe('the Token header', () => {
    it('answers a missing, unknown or malformed token with 401 "HTTP Token: Access denied."', async () => {
      for (const headers of [{}, tokenHeader('not-a-token'), { authorization: 'Token nope' }]) {
        const res = await t.get('/api/v4/user', { headers });
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ error: 'HTTP Token: Access denied.' });
      }
    });

    it('is CatchChat-only: Party routes still want Bearer', async () => {
      const user = await createUser(t);
      const res = await t.get('user', { headers: tokenHeader(user.token) });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('unauthorized');
    });

    it('still applies scopes: a token without party_user is refused', async () => {
      const user = await createUser(t, { scopes: ['party_contact'] });
      const res = await catchchat(t, user.token).get('/api/v4/user');
      expect(res.status).toBe(403);
      expect(Object.keys(res.body)).toEqual(['error']);
      expect(res.body.error).toContain('party_user');
    });

    it('answers an unknown CatchChat path in its own {error} form', async () => {
      const user = await createUser(t);
      for (const path of ['/api/v4/no_such_thing', '/api/auth/no_such_thing']) {
        const res = await catchchat(t, user.token).get(path);
        expect(res.status).toBe(404);
        expect(Object.keys(res.body)).toEqual(['error']);
        expect(res.body.error).toContain('no_such_thing');
      }
    });

    it('carries the rate-limit headers', async () => {
      const user = await createUser(t);
      const res = await catchchat(t, user.token).get('/api/v4/user');
      expect(res.headers.get('x-ratelimit-limit')).toBe('5000');
      expect(Number(res.headers.get('x-ratelimit-remaining'))).toBeLessThan(5000);
    });
  });

  describe('the change of number (four steps)', () => {
    it('moves the account after both codes, the seed examples verbatim but for its typo', async () => {
      const { mobile, done } = await register('newnumber');
      const token = done.body.access_token as string;
      const cc = catchchat(t, token);
      const early = await cc.patch(
        '/api/v4/user/update_mobile',
        form({ phone_code: '86', mobile: freshMobile(), token: '131421' }),
      );
      expect(early.status).toBe(409);

      const step1 = await cc.post('/api/v4/auth/send_verify_code');
      expect(step1.status).toBe(200);
      expect(step1.body).toEqual({});
      const current = lastCode(t, `+86${mobile}`, 'change_mobile');
      const wrong = await cc.patch(
        '/api/v4/user/check_verify_code',
        form({ token: current === '123456' ? '654321' : '123456' }),
      );
      expect(wrong.status).toBe(400);
      const step2 = await cc.patch('/api/v4/user/check_verify_code', form({ token: current }));
      expect(step2.status).toBe(200);
      expect(step2.body).toEqual({});

      const next = freshMobile();
      const step3 = await t.post(
        '/api/v4/user/send_update_mobile_code',
        { phone_code: '86', mobile: next },
        { headers: tokenHeader(token) },
      );
      expect(step3.status).toBe(200);
      const code = lastCode(t, `+86${next}`, 'change_mobile');
      // The seed's example misspells phone_code (`phone_ode`): named back as an unknown field.
      const typo = await cc.patch(
        '/api/v4/user/update_mobile',
        form({ phone_ode: '86', mobile: next, token: code }),
      );
      expect(typo.status).toBe(400);
      expect(typo.body.error).toMatch(/phone_ode|phone_code/);
      const step4 = await cc.patch(
        '/api/v4/user/update_mobile',
        form({ phone_code: '86', mobile: next, token: code }),
      );
      expect(step4.status).toBe(200);
      expect(step4.body).toEqual({});
      const me = await cc.get('/api/v4/user');
      expect(me.body).toMatchObject({ phone_code: '86', mobile: next });
      // The confirmation is used up.
      const again = await cc.patch(
        '/api/v4/user/update_mobile',
        form({ phone_code: '86', mobile: freshMobile(), token: code }),
      );
      expect(again.status).toBe(409);
    });

    it('answers 409 to step 1 for an account without a number', async () => {
      const user = await createUser(t);
      const res = await catchchat(t, user.token).post('/api/v4/auth/send_verify_code');
      expect(res.status).toBe(409);
      expect(Object.keys(res.body)).toEqual(['error']);
    });
  });

  describe('COMPAT', () => {
    it('serves none of it when switched off', async () => {
      const off = await startTestApp({ COMPAT: 'xuanxuan' });
      try {
        const user = await createUser(off);
        const me = await off.get('/api/v4/user', { headers: tokenHeader(user.token) });
        expect(me.status).toBe(404);
        const login = await off.post(
          '/api/auth/token_by_login',
          form({ login: user.username, password: user.password }),
        );
        expect(login.status).toBe(404);
        const spec = await off.get('/docs-json');
        expect(Object.keys(spec.body.paths).some((path) => path.startsWith('/api/v4'))).toBe(false);
      } finally {
        await off.close();
      }
    });
  });
});
