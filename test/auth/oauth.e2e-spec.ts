import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { parseAppsCreate, UsageError } from '../../src/cli';
import { sha256Hex } from '../../src/common/crypto/secrets';
import { captureLogs } from '../support/logs';
import { startTestApp, TestApp } from '../support/test-app';
import {
  basic,
  ConsentClient,
  freshMobile,
  pkcePair,
  registerUser,
  sendCode,
  tokenRequest,
} from './auth-helpers';

const run = promisify(execFile);

/** Everything the app logs (pino's stream, replaced after start-up). */
let logged: string[] = [];

describe('OAuth 2.0: grants, rotation, revocation, introspection, apps CLI', () => {
  let t: TestApp;
  let db: DataSource;
  let alice: { id: string; username: string; password: string; mobile: string };
  const responses: string[] = [];
  const secrets: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'warn' });
    // Quiet start-up; every request from here on is logged (and captured).
    logged = captureLogs(t);
    const request = t.request.bind(t);
    t.request = async (method, path, options) => {
      const res = await request(method, path, options);
      responses.push(res.text);
      return res;
    };
    db = t.app.get(DataSource);
    alice = await registerUser(t, { username: 'AliceOauth', nickname: 'Alice' });
    secrets.push(alice.password);
    await t.patch(
      'user',
      { email: 'alice@example.com' },
      {
        token: (
          await tokenRequest(t, {
            grant_type: 'password',
            username: 'aliceoauth',
            password: alice.password,
          })
        ).body.access_token,
      },
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  async function password(
    params: Record<string, string> = {},
    headers: Record<string, string> = {},
  ) {
    return tokenRequest(
      t,
      { grant_type: 'password', username: alice.username, password: alice.password, ...params },
      headers,
    );
  }

  async function createApp(redirectUris: string[], scopes = ['party_user', 'party_message']) {
    const token = (await password()).body.access_token;
    const res = await t.post(
      'apps',
      { name: 'Calendar <Pro>', redirect_uris: redirectUris, scopes },
      { token },
    );
    expect(res.status).toBe(201);
    secrets.push(res.body.client_secret);
    return res.body as { id: string; client_id: string; client_secret: string };
  }

  describe('password grant', () => {
    it('logs in by username, email or mobile as the first-party client with every user scope', async () => {
      for (const login of [
        'AliceOauth',
        'aliceoauth',
        'alice@example.com',
        `+86${alice.mobile}`,
        alice.mobile,
      ]) {
        const res = await tokenRequest(t, {
          grant_type: 'password',
          username: login,
          password: alice.password,
        });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          token_type: 'Bearer',
          expires_in: 365 * 24 * 3600,
          scope: 'party_user party_contact party_group party_message party_file',
        });
        expect(res.body.refresh_token).toEqual(expect.any(String));
        expect(res.headers.get('cache-control')).toBe('no-store');
      }
      const me = await t.get('user', { token: (await password()).body.access_token });
      expect(me.body.username).toBe('AliceOauth');
    });

    it('answers a wrong password with RFC 6749 invalid_grant, localized', async () => {
      const res = await password({ password: 'wrong password!' }, { 'accept-language': 'zh-CN' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'invalid_grant', error_description: '用户名或密码错误' });
      const nobody = await tokenRequest(t, {
        grant_type: 'password',
        username: 'nobody123',
        password: 'x',
      });
      expect(nobody.body.error).toBe('invalid_grant');
      const missing = await tokenRequest(t, { grant_type: 'password', username: 'x' });
      expect(missing.body.error).toBe('invalid_request');
      const grant = await tokenRequest(t, { grant_type: 'magic' });
      expect(grant.body.error).toBe('unsupported_grant_type');
    });

    it('honours expires_in: seconds, 0 = never (no expires_in), junk rejected', async () => {
      const hour = await password({ expires_in: '3600' });
      expect(hour.body.expires_in).toBe(3600);
      const never = await password({ expires_in: '0' });
      expect(never.status).toBe(200);
      expect(never.body).not.toHaveProperty('expires_in');
      const [row] = await db.query(
        'SELECT access_expires_at FROM oauth_tokens WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1',
        [alice.id],
      );
      expect(row.access_expires_at).toBeNull();
      expect((await t.get('user', { token: never.body.access_token })).status).toBe(200);
      const junk = await password({ expires_in: 'soon' });
      expect(junk.status).toBe(400);
      expect(junk.body.error).toBe('invalid_request');
      const json = await t.post('/oauth/token', {
        grant_type: 'password',
        username: alice.username,
        password: alice.password,
        expires_in: 60,
      });
      expect(json.status).toBe(200);
      expect(json.body.expires_in).toBe(60);
    });

    it('narrows scopes on request and enforces them on routes', async () => {
      const narrow = await password({ scope: 'party_contact' });
      expect(narrow.body.scope).toBe('party_contact');
      const res = await t.get('user', { token: narrow.body.access_token });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('insufficient_scope');
      expect(res.body.error).toContain('party_user');
      const admin = await password({ scope: 'party_admin' });
      expect(admin.status).toBe(400);
      expect(admin.body.error).toBe('invalid_scope');
    });

    it('rejects an expired token with 401 and WWW-Authenticate', async () => {
      const res = await password({ expires_in: '3600' });
      await db.query(
        `UPDATE oauth_tokens SET access_expires_at = now() - interval '1 second' WHERE access_token_hash = encode(sha256($1::bytea), 'hex')`,
        [res.body.access_token],
      );
      const me = await t.get('user', { token: res.body.access_token });
      expect(me.status).toBe(401);
      expect(me.headers.get('www-authenticate')).toContain('invalid_token');
    });
  });

  describe('authorization-server metadata (RFC 8414)', () => {
    it('names the origin the request reached as the issuer without PUBLIC_URL, untrusted proxy headers ignored', async () => {
      const res = await t.get('/.well-known/oauth-authorization-server', {
        headers: { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
      });
      expect(res.status).toBe(200);
      expect(res.body.issuer).toBe(t.baseUrl);
      expect(res.body.token_endpoint).toBe(`${t.baseUrl}/oauth/token`);
      // Its endpoints are the ones that answer.
      const token = await tokenRequest(t, {
        grant_type: 'password',
        username: alice.username,
        password: alice.password,
      });
      expect(token.status).toBe(200);
      const introspect = await fetch(res.body.introspection_endpoint, { method: 'POST' });
      expect(introspect.status).toBe(401);
    });
  });

  describe('malformed token requests', () => {
    it('answers parameters that are not single strings, or hold NUL, with invalid_request', async () => {
      for (const body of [
        { grant_type: 'password', username: {}, password: 'x' },
        { grant_type: 'password', username: ['a'], password: 'x' },
        { grant_type: 'password', username: alice.username, password: true },
        { grant_type: 'refresh_token', refresh_token: null },
        { grant_type: 'password', username: 'a\u0000', password: 'x' },
      ]) {
        const res = await t.request('POST', '/oauth/token', { body });
        expect([res.status, res.body.error]).toEqual([400, 'invalid_request']);
      }
      // A JSON number is read as its text: a wrong password, not a crash.
      const numeric = await t.request('POST', '/oauth/token', {
        body: { grant_type: 'password', username: alice.username, password: 123 },
      });
      expect([numeric.status, numeric.body.error]).toEqual([400, 'invalid_grant']);
      const nulClient = await tokenRequest(t, {
        grant_type: 'password',
        username: alice.username,
        password: alice.password,
        client_id: 'x\u0000',
      });
      expect([nulClient.status, nulClient.body.error]).toEqual([400, 'invalid_request']);
      const introspect = await t.request('POST', '/oauth/introspect', {
        headers: { authorization: basic('x\u0000', 'y') },
        body: { token: 'z' },
      });
      expect(introspect.status).toBe(401);
    });
  });

  describe('refresh_token grant', () => {
    it('rotates, and a reused refresh token revokes the whole login', async () => {
      const first = await password({ expires_in: '600' });
      const second = await tokenRequest(t, {
        grant_type: 'refresh_token',
        refresh_token: first.body.refresh_token,
      });
      expect(second.status).toBe(200);
      expect(second.body.expires_in).toBe(600);
      expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
      expect((await t.get('user', { token: second.body.access_token })).status).toBe(200);
      const reuse = await tokenRequest(t, {
        grant_type: 'refresh_token',
        refresh_token: first.body.refresh_token,
      });
      expect(reuse.status).toBe(400);
      expect(reuse.body.error).toBe('invalid_grant');
      expect((await t.get('user', { token: second.body.access_token })).status).toBe(401);
      expect((await t.get('user', { token: first.body.access_token })).status).toBe(401);
      const third = await tokenRequest(t, {
        grant_type: 'refresh_token',
        refresh_token: second.body.refresh_token,
      });
      expect(third.body.error).toBe('invalid_grant');
    });

    it('rotates a refresh token once when ten refreshes race', async () => {
      const login = await password({ expires_in: '600' });
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          tokenRequest(t, { grant_type: 'refresh_token', refresh_token: login.body.refresh_token }),
        ),
      );
      const winners = answers.filter((res) => res.status === 200);
      expect(winners.length).toBeLessThanOrEqual(1);
      for (const loser of answers.filter((res) => res.status !== 200)) {
        expect(loser.body.error).toBe('invalid_grant');
      }
      // Whatever survived the race, the next replay of the old token ends the whole login.
      const child = winners[0]?.body;
      const grandchild = child
        ? (
            await tokenRequest(t, {
              grant_type: 'refresh_token',
              refresh_token: child.refresh_token,
            })
          ).body
        : undefined;
      const replay = await tokenRequest(t, {
        grant_type: 'refresh_token',
        refresh_token: login.body.refresh_token,
      });
      expect(replay.body.error).toBe('invalid_grant');
      for (const token of [child?.access_token, grandchild?.access_token]) {
        if (token) expect((await t.get('user', { token })).status).toBe(401);
      }
      if (grandchild?.refresh_token) {
        const after = await tokenRequest(t, {
          grant_type: 'refresh_token',
          refresh_token: grandchild.refresh_token,
        });
        expect(after.body.error).toBe('invalid_grant');
      }
    });

    it('keeps a refresh token to its client and its scopes', async () => {
      const app = await createApp(['https://cal.example.com/cb']);
      const bound = await password({ client_id: app.client_id, client_secret: app.client_secret });
      expect(bound.body.scope).toBe('party_user party_message');
      const asFirstParty = await tokenRequest(t, {
        grant_type: 'refresh_token',
        refresh_token: bound.body.refresh_token,
      });
      expect(asFirstParty.body.error).toBe('invalid_grant');
      const wider = await tokenRequest(t, {
        grant_type: 'refresh_token',
        refresh_token: bound.body.refresh_token,
        client_id: app.client_id,
        client_secret: app.client_secret,
        scope: 'party_contact',
      });
      expect(wider.body.error).toBe('invalid_scope');
    });
  });

  describe('sms grant', () => {
    it('exchanges a login code once for a 7-day token', async () => {
      const code = await sendCode(t, alice.mobile, 'login');
      const params = {
        grant_type: 'urn:party:params:oauth:grant-type:sms',
        phone_code: '86',
        mobile: alice.mobile,
        verify_code: code,
      };
      const res = await tokenRequest(t, params);
      expect(res.status).toBe(200);
      expect(res.body.expires_in).toBe(7 * 24 * 3600);
      const me = await t.get('user', { token: res.body.access_token });
      expect(me.body.id).toBe(alice.id);
      const used = await tokenRequest(t, params, { 'accept-language': 'zh-CN' });
      expect(used.status).toBe(400);
      expect(used.body).toEqual({
        error: 'invalid_grant',
        error_description: '手机号或验证码错误',
      });
      const other = await tokenRequest(t, { ...params, mobile: freshMobile() });
      expect(other.body.error).toBe('invalid_grant');
      const missing = await tokenRequest(t, {
        grant_type: 'urn:party:params:oauth:grant-type:sms',
        mobile: alice.mobile,
      });
      expect(missing.body.error).toBe('invalid_request');
    });
  });

  describe('one-time codes under concurrency', () => {
    it('exchanges one SMS login code once when ten exchanges race', async () => {
      const code = await sendCode(t, alice.mobile, 'login');
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          tokenRequest(t, {
            grant_type: 'urn:party:params:oauth:grant-type:sms',
            phone_code: '86',
            mobile: alice.mobile,
            verify_code: code,
          }),
        ),
      );
      expect(answers.filter((res) => res.status === 200)).toHaveLength(1);
    });
  });

  describe('system apps (CLI) and client_credentials', () => {
    let system: { client_id: string; client_secret: string };

    it('creates a system app from the CLI through the running server’s embedded endpoint', async () => {
      expect(parseAppsCreate(['--name', 'Ops', '--scopes', 'party_admin,party_notify'])).toEqual({
        name: 'Ops',
        scopes: ['party_admin', 'party_notify'],
        redirectUris: [],
      });
      expect(() => parseAppsCreate(['--name', 'Ops', '--scopes', 'root'])).toThrow(UsageError);
      const dataDir = mkdtempSync(join(tmpdir(), 'party-cli-'));
      try {
        const url = (db.options as { url: string }).url;
        writeFileSync(join(dataDir, 'embedded-db.json'), JSON.stringify({ url, pid: process.pid }));
        const { DATABASE_URL: _unused, ...env } = process.env;
        const { stdout } = await run(
          process.execPath,
          [
            '-r',
            'ts-node/register/transpile-only',
            'src/cli.ts',
            'apps:create',
            '--name',
            'Ops Console',
            '--scopes',
            'party_admin,party_notify',
          ],
          {
            cwd: join(__dirname, '../..'),
            env: { ...env, DATA_DIR: dataDir, NODE_ENV: 'test' },
            timeout: 60_000,
          },
        );
        system = JSON.parse(stdout.trim());
        secrets.push(system.client_secret);
        expect(Object.keys(system).sort()).toEqual(['client_id', 'client_secret']);
        const [row] = await db.query(
          'SELECT is_system, scopes, client_secret_hash FROM apps WHERE client_id = $1',
          [system.client_id],
        );
        expect(row).toMatchObject({ is_system: true, scopes: ['party_admin', 'party_notify'] });
        secrets.push(row.client_secret_hash);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }, 90_000);

    it('issues app tokens with party_admin to system apps; wrong secrets are invalid_client', async () => {
      const res = await tokenRequest(
        t,
        { grant_type: 'client_credentials' },
        { authorization: basic(system.client_id, system.client_secret) },
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        token_type: 'Bearer',
        expires_in: 7200,
        scope: 'party_admin party_notify',
      });
      expect(res.body).not.toHaveProperty('refresh_token');
      const user = await t.get('user', { token: res.body.access_token });
      expect(user.status).toBe(403);
      const wrong = await tokenRequest(
        t,
        { grant_type: 'client_credentials' },
        { authorization: basic(system.client_id, 'nope') },
      );
      expect(wrong.status).toBe(401);
      expect(wrong.body.error).toBe('invalid_client');
      expect(wrong.headers.get('www-authenticate')).toContain('Basic');
      const noSecret = await tokenRequest(t, {
        grant_type: 'client_credentials',
        client_id: system.client_id,
      });
      expect(noSecret.status).toBe(400);
      expect(noSecret.body.error).toBe('invalid_client');
      const firstParty = await tokenRequest(t, { grant_type: 'client_credentials' });
      expect(firstParty.status).toBeGreaterThanOrEqual(400);
    });

    it('introspects with client authentication; apps see only their own tokens', async () => {
      const userToken = (await password({ expires_in: '900' })).body.access_token;
      const noAuth = await t.post('/oauth/introspect', new URLSearchParams({ token: userToken }));
      expect(noAuth.status).toBe(401);
      expect(noAuth.body.error).toBe('invalid_client');
      const seen = await t.post('/oauth/introspect', new URLSearchParams({ token: userToken }), {
        headers: { authorization: basic(system.client_id, system.client_secret) },
      });
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({
        active: true,
        client_id: 'party',
        username: 'AliceOauth',
        sub: alice.id,
        token_type: 'Bearer',
      });
      expect(seen.body.exp - seen.body.iat).toBe(900);
      const app = await createApp([]);
      const notHis = await t.post(
        '/oauth/introspect',
        new URLSearchParams({
          token: userToken,
          client_id: app.client_id,
          client_secret: app.client_secret,
        }),
      );
      expect(notHis.body).toEqual({ active: false });
      const garbage = await t.post('/oauth/introspect', new URLSearchParams({ token: 'garbage' }), {
        headers: { authorization: basic(system.client_id, system.client_secret) },
      });
      expect(garbage.body).toEqual({ active: false });
    });
  });

  describe('revocation', () => {
    it('revokes an access token at once, and a refresh token with its login', async () => {
      const login = await password();
      expect((await t.get('user', { token: login.body.access_token })).status).toBe(200);
      const res = await t.post(
        '/oauth/revoke',
        new URLSearchParams({ token: login.body.access_token }),
      );
      expect(res.status).toBe(200);
      const after = await t.get('user', { token: login.body.access_token });
      expect(after.status).toBe(401);
      expect(after.headers.get('www-authenticate')).toContain('Bearer');

      const other = await password();
      await t.post(
        '/oauth/revoke',
        new URLSearchParams({ token: other.body.refresh_token, token_type_hint: 'refresh_token' }),
      );
      expect((await t.get('user', { token: other.body.access_token })).status).toBe(401);
      expect(
        (
          await tokenRequest(t, {
            grant_type: 'refresh_token',
            refresh_token: other.body.refresh_token,
          })
        ).body.error,
      ).toBe('invalid_grant');
      expect(
        (await t.post('/oauth/revoke', new URLSearchParams({ token: 'unknown' }))).status,
      ).toBe(200);
      expect((await t.post('/oauth/revoke', new URLSearchParams({}))).body.error).toBe(
        'invalid_request',
      );
    });

    it('does not let another client revoke a token', async () => {
      const app = await createApp([]);
      const login = await password();
      await t.post(
        '/oauth/revoke',
        new URLSearchParams({
          token: login.body.access_token,
          client_id: app.client_id,
          client_secret: app.client_secret,
        }),
      );
      expect((await t.get('user', { token: login.body.access_token })).status).toBe(200);
    });
  });

  describe('authorization_code with PKCE (consent page over HTTP)', () => {
    async function approve(
      app: { client_id: string },
      query: Record<string, string>,
      decision = 'approve',
    ) {
      const browser = new ConsentClient(t.baseUrl);
      const path = `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: app.client_id, ...query }).toString()}`;
      const signIn = await browser.get(path);
      expect(signIn.status).toBe(200);
      expect(signIn.html).toContain('Calendar &lt;Pro&gt;');
      const wrong = await browser.post('/oauth/authorize/sign-in', {
        ...ConsentClient.hidden(signIn.html),
        login: alice.username,
        password: 'nope nope',
      });
      expect(wrong.status).toBe(401);
      const signedIn = await browser.post('/oauth/authorize/sign-in', {
        ...ConsentClient.hidden(signIn.html),
        login: alice.username,
        password: alice.password,
      });
      expect(signedIn.status).toBe(303);
      const consent = await browser.get(signedIn.location!);
      expect(consent.html).toContain('Approve');
      expect(consent.html).toContain('party_user');
      const decided = await browser.post('/oauth/authorize', {
        ...ConsentClient.hidden(consent.html),
        decision,
      });
      expect(decided.status).toBe(303);
      return new URL(decided.location!);
    }

    it('issues a code after consent; S256 verifier required without a secret; codes work once', async () => {
      const app = await createApp(['https://cal.example.com/cb', 'https://cal.example.com/other']);
      const { verifier, challenge } = pkcePair();
      const redirect = await approve(app, {
        redirect_uri: 'https://cal.example.com/cb',
        scope: 'party_user',
        state: 'xyz',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      });
      expect(redirect.origin + redirect.pathname).toBe('https://cal.example.com/cb');
      expect(redirect.searchParams.get('state')).toBe('xyz');
      const code = redirect.searchParams.get('code')!;
      const exchange = (extra: Record<string, string>) =>
        tokenRequest(t, {
          grant_type: 'authorization_code',
          code,
          client_id: app.client_id,
          redirect_uri: 'https://cal.example.com/cb',
          ...extra,
        });
      // A public client without its verifier: RFC 6749 invalid_request naming the parameter,
      // the same through an empty-secret Basic header; the code is not used up.
      for (const [extra, headers] of [
        [{}, {}],
        [{ code_verifier: '' }, {}],
        [{}, { authorization: basic(app.client_id, '') }],
      ] as const) {
        const noVerifier = await tokenRequest(
          t,
          {
            grant_type: 'authorization_code',
            code,
            client_id: app.client_id,
            redirect_uri: 'https://cal.example.com/cb',
            ...extra,
          },
          headers,
        );
        expect(noVerifier.status).toBe(400);
        expect(noVerifier.body).toEqual({
          error: 'invalid_request',
          error_description: 'Missing parameter: `code_verifier`',
        });
      }
      const [unused] = await db.query(
        'SELECT used_at FROM oauth_authorization_codes WHERE code_hash = $1',
        [sha256Hex(code)],
      );
      expect(unused.used_at).toBeNull();
      const wrongVerifier = await exchange({ code_verifier: pkcePair().verifier });
      expect(wrongVerifier.status).toBe(400);
      expect(wrongVerifier.body.error).toBe('invalid_grant');
      // The failed attempt used the code up.
      const late = await exchange({ code_verifier: verifier });
      expect(late.body.error).toBe('invalid_grant');

      const second = pkcePair();
      const again = await approve(app, {
        redirect_uri: 'https://cal.example.com/cb',
        code_challenge: second.challenge,
        code_challenge_method: 'S256',
      });
      const code2 = again.searchParams.get('code')!;
      const ok = await tokenRequest(t, {
        grant_type: 'authorization_code',
        code: code2,
        client_id: app.client_id,
        redirect_uri: 'https://cal.example.com/cb',
        code_verifier: second.verifier,
      });
      expect(ok.status).toBe(200);
      expect(ok.body.scope).toBe('party_user party_message');
      expect((await t.get('user', { token: ok.body.access_token })).body.id).toBe(alice.id);
      const replay = await tokenRequest(t, {
        grant_type: 'authorization_code',
        code: code2,
        client_id: app.client_id,
        redirect_uri: 'https://cal.example.com/cb',
        code_verifier: second.verifier,
      });
      expect(replay.body.error).toBe('invalid_grant');
      // A replayed code revokes what it was exchanged for.
      expect((await t.get('user', { token: ok.body.access_token })).status).toBe(401);
    });

    it('lets a confidential client exchange with its secret; deny returns access_denied', async () => {
      const app = await createApp(['https://cal.example.com/cb']);
      const redirect = await approve(app, {});
      const ok = await tokenRequest(
        t,
        {
          grant_type: 'authorization_code',
          code: redirect.searchParams.get('code')!,
          redirect_uri: 'https://cal.example.com/cb',
        },
        { authorization: basic(app.client_id, app.client_secret) },
      );
      expect(ok.status).toBe(200);
      const expiring = await approve(app, {});
      await db.query(
        `UPDATE oauth_authorization_codes SET expires_at = now() - interval '1 second' WHERE used_at IS NULL`,
      );
      const expired = await tokenRequest(
        t,
        {
          grant_type: 'authorization_code',
          code: expiring.searchParams.get('code')!,
          redirect_uri: 'https://cal.example.com/cb',
        },
        { authorization: basic(app.client_id, app.client_secret) },
      );
      expect(expired.body.error).toBe('invalid_grant');
      const denied = await approve(app, { state: 'abc' }, 'deny');
      expect(denied.searchParams.get('error')).toBe('access_denied');
      expect(denied.searchParams.get('state')).toBe('abc');
      expect(denied.searchParams.get('code')).toBeNull();
    });

    it('exchanges a code once when ten exchanges race', async () => {
      const app = await createApp(['https://cal.example.com/cb']);
      const redirect = await approve(app, {});
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          tokenRequest(
            t,
            {
              grant_type: 'authorization_code',
              code: redirect.searchParams.get('code')!,
              redirect_uri: 'https://cal.example.com/cb',
            },
            { authorization: basic(app.client_id, app.client_secret) },
          ),
        ),
      );
      expect(answers.filter((res) => res.status === 200)).toHaveLength(1);
    });

    it('refuses a CSRF token of another byte length, and a state too long to send back', async () => {
      const app = await createApp(['https://cal.example.com/cb']);
      const browser = new ConsentClient(t.baseUrl);
      const page = await browser.get(
        `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: app.client_id }).toString()}`,
      );
      const accented = await browser.post('/oauth/authorize/sign-in', {
        ...ConsentClient.hidden(page.html),
        csrf_token: 'é'.repeat(32),
        login: alice.username,
        password: alice.password,
      });
      expect(accented.status).toBe(403);
      const longState = await browser.get(
        `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: app.client_id, state: 's'.repeat(1025) }).toString()}`,
      );
      expect(longState.status).toBe(303);
      expect(new URL(longState.location!).searchParams.get('error')).toBe('invalid_request');
      const signOut = await browser.post('/oauth/authorize/sign-out', {
        ...ConsentClient.hidden(page.html),
        state: 's'.repeat(100_000),
        scope: 'party_user '.repeat(10_000),
      });
      expect(signOut.status).toBe(303);
      expect(signOut.location!.length).toBeLessThan(4 * 1024);
    });

    it('treats malformed cookies as no session (the sign-in page, never a 500)', async () => {
      const app = await createApp(['https://cal.example.com/cb']);
      const query = new URLSearchParams({ response_type: 'code', client_id: app.client_id });
      const response = await fetch(new URL(`/oauth/authorize?${query.toString()}`, t.baseUrl), {
        headers: { cookie: 'party_session=%E0%A4%A; party_csrf=%; other' },
      });
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('name="password"');
      const csrf = response.headers.getSetCookie().find((c) => c.startsWith('party_csrf='));
      expect(csrf).toMatch(
        /^party_csrf=[A-Za-z0-9_-]{32,64}; Max-Age=\d+; Path=\/oauth; HttpOnly; SameSite=Lax$/,
      );
    });

    it('refuses unregistered redirect URIs, unknown clients, and forms without the CSRF token', async () => {
      const app = await createApp(['https://cal.example.com/cb']);
      const browser = new ConsentClient(t.baseUrl);
      const evil = await browser.get(
        `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: 'https://evil.example/cb' }).toString()}`,
      );
      expect(evil.status).toBe(400);
      expect(evil.location).toBeNull();
      const prefix = await browser.get(
        `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: 'https://cal.example.com/cb/x' }).toString()}`,
      );
      expect(prefix.status).toBe(400);
      const unknown = await browser.get('/oauth/authorize?response_type=code&client_id=nope');
      expect(unknown.status).toBe(400);
      const scope = await browser.get(
        `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: app.client_id, scope: 'party_admin' }).toString()}`,
      );
      expect(scope.status).toBe(303);
      expect(new URL(scope.location!).searchParams.get('error')).toBe('invalid_scope');
      const page = await browser.get(
        `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: app.client_id }).toString()}`,
      );
      const forged = await browser.post('/oauth/authorize/sign-in', {
        ...ConsentClient.hidden(page.html),
        csrf_token: 'x'.repeat(32),
        login: alice.username,
        password: alice.password,
      });
      expect(forged.status).toBe(403);
      const noCookie = new ConsentClient(t.baseUrl);
      const stolen = await noCookie.post('/oauth/authorize/sign-in', {
        ...ConsentClient.hidden(page.html),
        login: alice.username,
        password: alice.password,
      });
      expect(stolen.status).toBe(403);
    });
  });

  it('never puts a password, hash, secret or code in a response or a log line', async () => {
    const codes = (await db.query('SELECT code_hash FROM verify_codes')).map(
      (r: { code_hash: string }) => r.code_hash,
    );
    const hashes = (await db.query('SELECT password_hash FROM users')).map(
      (r: { password_hash: string }) => r.password_hash,
    );
    const tokenHashes = (await db.query('SELECT access_token_hash FROM oauth_tokens LIMIT 20')).map(
      (r: { access_token_hash: string }) => r.access_token_hash,
    );
    const outboxCodes = fs
      .readFileSync(join(t.dataDir, 'sms-outbox.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { code: string }).code);
    const forbiddenEverywhere = [alice.password, ...hashes, ...codes, ...tokenHashes];
    const apiText = responses.join('\n');
    for (const value of forbiddenEverywhere) expect(apiText).not.toContain(value);
    for (const code of outboxCodes) expect(apiText).not.toMatch(new RegExp(`"${code}"`));
    expect((await t.get('health')).status).toBe(200);
    const logText = logged.join('');
    expect(logText).toContain('/api/party/auth/register');
    // Load balancers poll the health route: it stays out of the request log.
    expect(logText).not.toContain('/api/party/health');
    // The routes outside the /api/party prefix are logged like the others.
    expect(logText).toContain('"url":"/oauth/token"');
    expect(logText).toMatch(/"url":"\/oauth\/authorize\?[^"]*"/);
    expect(logText).toContain('"url":"/.well-known/oauth-authorization-server"');
    for (const value of [...forbiddenEverywhere, ...secrets]) expect(logText).not.toContain(value);
    for (const code of outboxCodes) expect(logText).not.toMatch(new RegExp(`\\b${code}\\b`));
  });
});
