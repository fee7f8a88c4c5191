import { TokenService } from '../../src/auth/token.service';
import { USER_SCOPES } from '../../src/common/http/request-principal';
import { createUser } from '../support/fixtures';
import { Instance, kill, requireBuiltServer, startInstance } from '../support/instance';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Tokens are remembered per instance after their first lookup; whatever changes the answer of a
 * lookup takes effect on the next request on the instance that made the change, and on every
 * other instance within a second.
 */
describe('token cache', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function status(baseUrl: string, token: string): Promise<number> {
    const res = await fetch(`${baseUrl}/api/party/user`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return res.status;
  }

  /** Polls until `token` is refused on `baseUrl`; the time it took, or null after `limitMs`. */
  async function refusedWithin(baseUrl: string, token: string, limitMs: number) {
    const start = performance.now();
    while (performance.now() - start < limitMs) {
      if ((await status(baseUrl, token)) === 401) return performance.now() - start;
      await new Promise((done) => setTimeout(done, 20));
    }
    return null;
  }

  it('a remembered token that expires is refused', async () => {
    const user = await createUser(t);
    const issued = await t.app.get(TokenService).issue({
      userId: user.id,
      appId: null,
      scopes: USER_SCOPES,
      grantType: 'password',
      expiresIn: 1,
      refreshTtlSeconds: null,
    });
    expect(await status(t.baseUrl, issued.accessToken)).toBe(200);
    await new Promise((done) => setTimeout(done, 1100));
    expect(await status(t.baseUrl, issued.accessToken)).toBe(401);
  });

  it("a change of time zone reaches the next answer's *_string fields", async () => {
    const user = await createUser(t, { timeZone: 'UTC' });
    const before = await t.get('user', { token: user.token });
    expect(before.body.created_at_string).toMatch(/UTC/);
    const changed = await t.patch('user', { time_zone: 'Asia/Shanghai' }, { token: user.token });
    expect(changed.status).toBe(200);
    const after = await t.get('user', { token: user.token });
    expect(after.body.created_at_string).not.toMatch(/UTC/);
  });

  describe('across instances', () => {
    const shared = process.env.DATABASE_URL ? it : it.skip;
    let b: Instance | null = null;

    afterEach(async () => {
      if (b) await kill(b);
      b = null;
    });

    shared('a token revoked on one instance is refused on another within a second', async () => {
      requireBuiltServer();
      b = await startInstance(t.databaseUrl);
      const user = await createUser(t);
      const login = await t.app.get(TokenService).issue({
        userId: user.id,
        appId: null,
        scopes: USER_SCOPES,
        grantType: 'password',
        expiresIn: 3600,
        refreshTtlSeconds: null,
      });
      expect(await status(b.baseUrl, login.accessToken)).toBe(200);
      expect(await status(t.baseUrl, login.accessToken)).toBe(200);
      const revoked = await t.post(
        '/oauth/revoke',
        new URLSearchParams({ token: login.accessToken }),
      );
      expect(revoked.status).toBe(200);
      expect(await status(t.baseUrl, login.accessToken)).toBe(401);
      expect(await refusedWithin(b.baseUrl, login.accessToken, 1000)).not.toBeNull();
    });
  });
});
