import { DataSource } from 'typeorm';
import { createSmsSender, OutboxSmsSender } from '../../src/auth/sms-sender';
import { loadConfig } from '../../src/config/app-config';
import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { freshMobile, lastCode, outbox, registerUser, sendCode } from './auth-helpers';

describe('Accounts: verify codes, registration, profiles, search, apps', () => {
  let t: TestApp;
  let db: DataSource;
  let alice: TestUser;
  let noScope: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    alice = await createUser(t, { nickname: 'Alice' });
    noScope = await createUser(t, { scopes: ['party_contact'] });
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('verify codes', () => {
    it('appends one JSON line per code to the dev outbox and stores only a hash', async () => {
      const mobile = freshMobile();
      const res = await t.post('auth/verify-codes', {
        phone_code: '+86',
        mobile,
        purpose: 'register',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ mobile: `+86${mobile}`, purpose: 'register' });
      expect(typeof res.body.expires_at_string).toBe('string');
      const line = outbox(t).find((l) => l.phone === `+86${mobile}`)!;
      expect(Object.keys(line).sort()).toEqual(['code', 'phone', 'purpose', 'sent_at']);
      expect(line.code).toMatch(/^\d{6}$/);
      expect(res.text).not.toContain(line.code);
      const rows = await db.query('SELECT * FROM verify_codes WHERE phone = $1', [`+86${mobile}`]);
      expect(JSON.stringify(rows)).not.toContain(`"${line.code}"`);
    });

    it('rejects bad numbers and purposes, and checks the number against the purpose', async () => {
      const bad = await t.post('auth/verify-codes', {
        phone_code: '86',
        mobile: '123',
        purpose: 'register',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['mobile']);
      const purpose = await t.post('auth/verify-codes', {
        phone_code: '86',
        mobile: freshMobile(),
        purpose: 'hack',
      });
      expect(purpose.status).toBe(400);
      expect(purpose.body.details[0].field).toBe('purpose');
      const login = await t.post('auth/verify-codes', {
        phone_code: '86',
        mobile: freshMobile(),
        purpose: 'login',
      });
      expect(login.status).toBe(404);
      expect(login.body.code).toBe('mobile_not_registered');
    });

    it('allows 20 sends an hour per number; the 21st is a localized 429', async () => {
      const mobile = freshMobile();
      for (let i = 0; i < 20; i += 1) {
        const res = await t.post('auth/verify-codes', {
          phone_code: '86',
          mobile,
          purpose: 'change_mobile',
        });
        expect(res.status).toBe(201);
      }
      const over = await t.post(
        'auth/verify-codes',
        { phone_code: '86', mobile, purpose: 'change_mobile' },
        { headers: { 'accept-language': 'zh-CN' } },
      );
      expect(over.status).toBe(429);
      expect(over.body.code).toBe('verify_code_limit');
      expect(over.body.error).toBe(`发给手机号 +86${mobile} 的验证码数量已经超过限制`);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(3000);
      const en = await t.post('auth/verify-codes', {
        phone_code: '86',
        mobile,
        purpose: 'register',
      });
      expect(en.status).toBe(429);
      expect(en.body.error).toBe(`Too many verify codes were sent to +86${mobile}`);
      // Another number is not affected.
      await sendCode(t, freshMobile(), 'register');
    });

    it('allows 50 sends a day per number', async () => {
      const mobile = freshMobile();
      await db.query(
        `INSERT INTO verify_codes (phone, purpose, code_hash, salt, expires_at, created_at)
         SELECT $1, 'register', repeat('0', 64), 'x', now(), now() - interval '2 hours' FROM generate_series(1, 50)`,
        [`+86${mobile}`],
      );
      const over = await t.post('auth/verify-codes', {
        phone_code: '86',
        mobile,
        purpose: 'register',
      });
      expect(over.status).toBe(429);
      expect(over.body.code).toBe('verify_code_limit');
    });
  });

  it('refuses the dev outbox under NODE_ENV=production unless allowed', () => {
    const base = loadConfig({ NODE_ENV: 'production', DATA_DIR: t.dataDir });
    expect(() => createSmsSender(base)).toThrow(/SMS_OUTBOX_IN_PRODUCTION/);
    const allowed = loadConfig({
      NODE_ENV: 'production',
      DATA_DIR: t.dataDir,
      SMS_OUTBOX_IN_PRODUCTION: 'true',
    });
    expect(createSmsSender(allowed)).toBeInstanceOf(OutboxSmsSender);
    expect(
      createSmsSender(loadConfig({ NODE_ENV: 'development', DATA_DIR: t.dataDir })),
    ).toBeInstanceOf(OutboxSmsSender);
  });

  describe('registration', () => {
    it('registers with a code; the password is stored with argon2id', async () => {
      const mobile = freshMobile();
      const code = await sendCode(t, mobile, 'register');
      const res = await t.post('auth/register', {
        username: 'HanMeimei',
        password: 'correct horse battery',
        phone_code: '86',
        mobile,
        verify_code: code,
        nickname: '韩梅梅',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        username: 'HanMeimei',
        nickname: '韩梅梅',
        mobile: `+86${mobile}`,
        phone_code: '86',
        email: null,
      });
      expect(res.body.password).toBeUndefined();
      expect(res.body.password_hash).toBeUndefined();
      const [row] = await db.query('SELECT password_hash FROM users WHERE id = $1', [res.body.id]);
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      expect(res.text).not.toContain(row.password_hash);
      // The code worked once.
      const again = await t.post('auth/register', {
        username: 'HanMeimei2',
        password: 'correct horse battery',
        phone_code: '86',
        mobile: freshMobile(),
        verify_code: code,
      });
      expect(again.status).toBe(400);
      expect(again.body.code).toBe('invalid_verify_code');
    });

    it('answers username_taken ignoring case, and mobile_taken', async () => {
      const first = await registerUser(t, { username: 'LiLei2024' });
      const mobile = freshMobile();
      const code = await sendCode(t, mobile, 'register');
      const dup = await t.post('auth/register', {
        username: 'lilei2024',
        password: 'correct horse battery',
        phone_code: '86',
        mobile,
        verify_code: code,
      });
      expect(dup.status).toBe(409);
      expect(dup.body.code).toBe('username_taken');
      const taken = await t.post('auth/verify-codes', {
        phone_code: '86',
        mobile: first.mobile,
        purpose: 'register',
      });
      expect(taken.status).toBe(409);
      expect(taken.body.code).toBe('mobile_taken');
    });

    it.each([
      ['abcd', true],
      ['Abc123XYZ0123456', true],
      ['abc', false],
      ['abcdefghijklmnopq', false],
      ['abc_def', false],
      ['李雷李雷', false],
      ['abc def', false],
      ['ab-cd', false],
    ])('username %p valid: %p', async (username, valid) => {
      const availability = await t.get('users/username-availability', { query: { username } });
      expect(availability.status).toBe(200);
      expect(availability.body.available).toBe(valid);
      if (!valid) expect(availability.body.code).toBe('username_invalid');
      const mobile = freshMobile();
      const code = await sendCode(t, mobile, 'register');
      const res = await t.post('auth/register', {
        username,
        password: 'correct horse battery',
        phone_code: '86',
        mobile,
        verify_code: code,
      });
      expect(res.status).toBe(valid ? 201 : 400);
      if (!valid) {
        expect(res.body.details).toEqual([
          expect.objectContaining({ field: 'username', code: 'is_username' }),
        ]);
        // Nothing was created and the code is still good.
        const [{ count }] = await db.query(
          'SELECT count(*)::int AS count FROM users WHERE mobile = $1',
          [`+86${mobile}`],
        );
        expect(count).toBe(0);
      }
    });

    it('rejects a wrong, an expired and a locked code, and changes nothing', async () => {
      const mobile = freshMobile();
      const body = (verify_code: string) => ({
        username: `exp${mobile.slice(-6)}`,
        password: 'correct horse battery',
        phone_code: '86',
        mobile,
        verify_code,
      });
      const code = await sendCode(t, mobile, 'register');
      await db.query(
        `UPDATE verify_codes SET expires_at = now() - interval '1 second' WHERE phone = $1`,
        [`+86${mobile}`],
      );
      const expired = await t.post('auth/register', body(code));
      expect(expired.status).toBe(400);
      expect(expired.body.code).toBe('invalid_verify_code');

      const fresh = await sendCode(t, mobile, 'register');
      const wrong = fresh === '000000' ? '000001' : '000000';
      for (let i = 0; i < 4; i += 1) {
        const res = await t.post('auth/register', body(wrong));
        expect(res.body.code).toBe('invalid_verify_code');
      }
      const fifth = await t.post('auth/register', body(wrong));
      expect(fifth.body.code).toBe('verify_code_locked');
      const locked = await t.post('auth/register', body(fresh));
      expect(locked.status).toBe(400);
      expect(locked.body.code).toBe('verify_code_locked');
      const [{ count }] = await db.query(
        'SELECT count(*)::int AS count FROM users WHERE mobile = $1',
        [`+86${mobile}`],
      );
      expect(count).toBe(0);
    });
  });

  describe('availability (no token)', () => {
    it('reports taken usernames and mobiles, localized', async () => {
      const user = await registerUser(t, { username: 'Takenname' });
      const name = await t.get('users/username-availability', {
        query: { username: 'TAKENNAME' },
        headers: { 'accept-language': 'zh-CN' },
      });
      expect(name.body).toEqual({
        available: false,
        code: 'username_taken',
        message: '用户名已经被使用',
      });
      const free = await t.get('users/username-availability', { query: { username: 'freename1' } });
      expect(free.body).toEqual({ available: true, code: null, message: null });
      const mobile = await t.get('users/mobile-availability', {
        query: { phone_code: '86', mobile: user.mobile },
        headers: { 'accept-language': 'zh-CN' },
      });
      expect(mobile.body).toEqual({
        available: false,
        code: 'mobile_taken',
        message: '手机号已经被使用',
      });
      const freeMobile = await t.get('users/mobile-availability', {
        query: { phone_code: '86', mobile: freshMobile() },
      });
      expect(freeMobile.body.available).toBe(true);
      const invalid = await t.get('users/mobile-availability', {
        query: { phone_code: '86', mobile: '12' },
      });
      expect(invalid.status).toBe(400);
      const bogus = await t.get('users/mobile-availability', {
        query: { phone_code: '999', mobile: '123456789' },
      });
      expect(bogus.body).toMatchObject({ available: false, code: 'mobile_invalid' });
      const missing = await t.get('users/username-availability');
      expect(missing.status).toBe(400);
      expect(missing.body.details[0].field).toBe('username');
    });
  });

  describe('profiles and search', () => {
    it('shows public profiles without private fields; 404 for unknown ids', async () => {
      const bob = await registerUser(t, { username: 'bobsmith', nickname: 'Bob' });
      await t.patch('user', { email: 'bob@example.com' }, { token: alice.token });
      const res = await t.get(`users/${bob.id}`, { token: alice.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: bob.id,
        username: 'bobsmith',
        nickname: 'Bob',
        name: 'Bob',
        avatar_url: null,
      });
      expect(res.text).not.toContain(bob.mobile);
      expect(
        (await t.get('users/6f1c2f0e-8f1e-4a0e-9a51-0c3e1d1f2a3b', { token: alice.token })).status,
      ).toBe(404);
      expect((await t.get('users/not-an-id', { token: alice.token })).status).toBe(404);
      expect((await t.get(`users/${bob.id}`)).status).toBe(401);
      const scope = await t.get(`users/${bob.id}`, { token: noScope.token });
      expect(scope.status).toBe(403);
      expect(scope.body.code).toBe('insufficient_scope');
      expect(scope.body.error).toContain('party_user');
    });

    it('searches usernames and nicknames, paginated, wildcards literal', async () => {
      await registerUser(t, { username: 'searchme1', nickname: 'Zed One' });
      await registerUser(t, { username: 'searchme2', nickname: 'Zed Two' });
      await registerUser(t, { username: 'other99', nickname: 'searchme fan' });
      const page1 = await t.get('users/search', {
        token: alice.token,
        query: { q: 'SEARCHME', per_page: 2 },
      });
      expect(page1.status).toBe(200);
      expect(page1.body.total_count).toBe(3);
      expect(page1.body.data).toHaveLength(2);
      expect(page1.headers.get('x-total-count')).toBe('3');
      expect(page1.headers.get('link')).toContain('rel="next"');
      expect(Object.keys(page1.body.data[0]).sort()).toEqual([
        'avatar_url',
        'id',
        'name',
        'nickname',
        'username',
      ]);
      const page2 = await t.get('users/search', {
        token: alice.token,
        query: { q: 'searchme', per_page: 2, page: 2 },
      });
      expect(page2.body.data).toHaveLength(1);
      const wildcard = await t.get('users/search', { token: alice.token, query: { q: '%' } });
      expect(wildcard.body.total_count).toBe(0);
      expect((await t.get('users/search', { token: alice.token })).status).toBe(400);
      expect(
        (await t.get('users/search', { token: alice.token, query: { q: '   ' } })).status,
      ).toBe(400);
      expect((await t.get('users/search', { query: { q: 'x' } })).status).toBe(401);
    });
  });

  it.each([
    ['GET', 'user'],
    ['PATCH', 'user'],
    ['POST', 'user/mobile'],
    ['GET', 'users/search?q=a'],
    ['GET', 'users/6f1c2f0e-8f1e-4a0e-9a51-0c3e1d1f2a3b'],
    ['GET', 'apps'],
    ['POST', 'apps'],
    ['DELETE', 'apps/6f1c2f0e-8f1e-4a0e-9a51-0c3e1d1f2a3b'],
  ])('%s %s needs a token with party_user', async (method, path) => {
    const anonymous = await t.request(method, path, {
      body: method === 'GET' || method === 'DELETE' ? undefined : {},
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
    const scoped = await t.request(method, path, {
      token: noScope.token,
      body: method === 'GET' || method === 'DELETE' ? undefined : {},
    });
    expect(scoped.status).toBe(403);
    expect(scoped.body).toMatchObject({ code: 'insufficient_scope' });
  });

  describe('changing the mobile number', () => {
    it('needs codes from the old and the new number', async () => {
      const user = await registerUser(t, { username: 'mover01' });
      const login = await t.post(
        '/oauth/token',
        new URLSearchParams({
          grant_type: 'password',
          username: 'mover01',
          password: user.password,
        }),
        {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        },
      );
      const token = login.body.access_token as string;
      const next = freshMobile();
      const oldCode = await sendCode(t, user.mobile, 'change_mobile');
      const newCode = await sendCode(t, next, 'change_mobile');
      const missingOld = await t.post(
        'user/mobile',
        { phone_code: '86', mobile: next, verify_code: newCode },
        { token },
      );
      expect(missingOld.status).toBe(400);
      expect(missingOld.body.details[0].field).toBe('old_verify_code');
      const wrongNew = await t.post(
        'user/mobile',
        {
          phone_code: '86',
          mobile: next,
          verify_code: newCode === '111111' ? '222222' : '111111',
          old_verify_code: oldCode,
        },
        { token },
      );
      expect(wrongNew.status).toBe(400);
      expect(wrongNew.body.details[0].field).toBe('verify_code');
      expect((await t.get('user', { token })).body.mobile).toBe(`+86${user.mobile}`);
      const oldAgain = await sendCode(t, user.mobile, 'change_mobile');
      const ok = await t.post(
        'user/mobile',
        { phone_code: '86', mobile: next, verify_code: newCode, old_verify_code: oldAgain },
        { token },
      );
      expect(ok.status).toBe(200);
      expect(ok.body.mobile).toBe(`+86${next}`);
      const other = await registerUser(t, { username: 'mover02' });
      const taken = await t.post(
        'user/mobile',
        {
          phone_code: '86',
          mobile: other.mobile,
          verify_code: '123456',
          old_verify_code: '123456',
        },
        { token },
      );
      expect(taken.status).toBe(409);
      expect(taken.body.code).toBe('mobile_taken');
      expect(lastCode(t, `+86${next}`, 'change_mobile')).toBe(newCode);
    });
  });

  describe('apps', () => {
    it('registers an app, shows the secret once, stores its SHA-256, lists and deletes', async () => {
      const created = await t.post(
        'apps',
        {
          name: 'Team Calendar',
          redirect_uris: ['https://cal.example.com/cb'],
          scopes: ['party_user', 'party_message'],
        },
        { token: alice.token },
      );
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: 'Team Calendar',
        scopes: ['party_user', 'party_message'],
      });
      expect(created.body.client_id).toMatch(/^party_[0-9a-f]{24}$/);
      const secret = created.body.client_secret as string;
      expect(secret.length).toBeGreaterThanOrEqual(40);
      const [row] = await db.query('SELECT client_secret_hash FROM apps WHERE id = $1', [
        created.body.id,
      ]);
      expect(row.client_secret_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.client_secret_hash).not.toBe(secret);
      const list = await t.get('apps', { token: alice.token });
      expect(list.status).toBe(200);
      expect(list.body.data.map((a: { id: string }) => a.id)).toContain(created.body.id);
      expect(list.text).not.toContain(secret);
      expect(list.text).not.toContain(row.client_secret_hash);
      const bob = await createUser(t);
      expect((await t.get('apps', { token: bob.token })).body.total_count).toBe(0);
      expect((await t.delete(`apps/${created.body.id}`, { token: bob.token })).status).toBe(404);
      expect((await t.delete(`apps/${created.body.id}`, { token: alice.token })).status).toBe(204);
      expect((await t.delete(`apps/${created.body.id}`, { token: alice.token })).status).toBe(404);
    });

    it('gives user apps user scopes only and validates redirect URIs', async () => {
      const admin = await t.post(
        'apps',
        { name: 'Sneaky', redirect_uris: [], scopes: ['party_admin'] },
        { token: alice.token },
      );
      expect(admin.status).toBe(400);
      expect(admin.body.details[0].field).toBe('scopes');
      const none = await t.post(
        'apps',
        { name: 'Empty', redirect_uris: [], scopes: [] },
        { token: alice.token },
      );
      expect([none.status, none.body.details[0]?.code]).toEqual([400, 'array_min_size']);
      const uri = await t.post(
        'apps',
        {
          name: 'Bad',
          redirect_uris: ['https://x.example/cb#frag', 'not a url'],
          scopes: ['party_user'],
        },
        { token: alice.token },
      );
      expect(uri.status).toBe(400);
      expect(uri.body.details[0].field).toBe('redirect_uris');
      const form = await t.post(
        'apps',
        new URLSearchParams({
          name: 'Form app',
          redirect_uris: 'https://a.example/cb',
          scopes: 'party_user,party_contact',
        }),
        { token: alice.token },
      );
      expect(form.status).toBe(201);
      expect(form.body.scopes).toEqual(['party_user', 'party_contact']);
      expect(
        (await t.post('apps', { name: 'x', redirect_uris: [], scopes: ['party_user'] })).status,
      ).toBe(401);
      expect(
        (
          await t.post(
            'apps',
            { name: 'x', redirect_uris: [], scopes: ['party_user'] },
            { token: noScope.token },
          )
        ).status,
      ).toBe(403);
      const [{ count }] = await db.query(
        `SELECT count(*)::int AS count FROM apps WHERE name IN ('Sneaky', 'Bad')`,
      );
      expect(count).toBe(0);
    });
  });
});
