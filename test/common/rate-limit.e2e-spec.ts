import { randomBytes } from 'node:crypto';
import { createUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('rate limits', () => {
  describe('in memory', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ RATE_LIMIT_PER_HOUR: '3' });
    });
    afterAll(async () => {
      await t.close();
    });

    it('counts one budget per token across routes, then answers 429 with Retry-After', async () => {
      const user = await createUser(t);
      const other = await createUser(t);
      const remaining: string[] = [];
      const before = Math.floor(Date.now() / 1000);
      let first: Headers | null = null;
      for (const path of ['user', 'user/', 'users/whoever/../../user']) {
        const res = await t.get(path, { token: user.token });
        first ??= res.headers;
        remaining.push(res.headers.get('x-ratelimit-remaining') ?? 'none');
      }
      expect(remaining.slice(0, 2)).toEqual(['2', '1']);
      // X-RateLimit-Reset is the UTC epoch second the hour's window ends (seed 004, GitHub).
      const reset = Number(first!.get('x-ratelimit-reset'));
      expect(first!.get('x-ratelimit-limit')).toBe('3');
      expect(reset).toBeGreaterThanOrEqual(before + 3600);
      expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 3601);
      const limited = await t.get('user', {
        token: user.token,
        headers: { 'accept-language': 'zh-CN' },
      });
      expect(limited.status).toBe(429);
      expect(limited.body.code).toBe('rate_limited');
      expect(limited.body.error).toContain('请求过于频繁');
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      expect(limited.headers.get('x-ratelimit-limit')).toBe('3');
      expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
      const limitedReset = Number(limited.headers.get('x-ratelimit-reset'));
      expect(
        Math.abs(limitedReset - (Math.floor(Date.now() / 1000) + retryAfter)),
      ).toBeLessThanOrEqual(2);
      // Another token has a budget of its own.
      const fresh = await t.get('user', { token: other.token });
      expect(fresh.status).toBe(200);
      expect(fresh.headers.get('x-ratelimit-remaining')).toBe('2');
    });

    it('keys anonymous callers by IP', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await t.get('user')).status);
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      expect(statuses[3]).toBe(429);
    });

    it('counts unknown paths under /api/party/ and answers them 404 with the headers', async () => {
      const user = await createUser(t);
      const unknown = await t.get('no-such-route', { token: user.token });
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('route_not_found');
      expect(unknown.headers.get('x-ratelimit-limit')).toBe('3');
      expect(unknown.headers.get('x-ratelimit-remaining')).toBe('2');
      expect(Number(unknown.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
      // A known path with a method it does not serve is no route either.
      const wrongMethod = await t.request('DELETE', 'user', { token: user.token });
      expect(wrongMethod.status).toBe(404);
      expect(wrongMethod.headers.get('x-ratelimit-remaining')).toBe('1');
      // The same budget as the real routes.
      expect(
        (await t.get('user', { token: user.token })).headers.get('x-ratelimit-remaining'),
      ).toBe('0');
      const over = await t.get('no/such/route', {
        token: user.token,
        headers: { 'accept-language': 'zh-CN' },
      });
      expect(over.status).toBe(429);
      expect(over.body.error).toContain('请求过于频繁');
      expect(over.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      // Outside the prefix nothing is counted, and the health route stays exempt.
      const outside = await t.get('/no-such-route', { token: user.token });
      expect(outside.status).toBe(404);
      expect(outside.headers.get('x-ratelimit-limit')).toBeNull();
      const health = await t.get('health');
      expect(health.status).toBe(200);
      expect(health.headers.get('x-ratelimit-limit')).toBeNull();
    });

    it('does not believe a made-up X-Forwarded-For by default', async () => {
      const spoofed = await t.get('user', { headers: { 'x-forwarded-for': '203.0.113.7' } });
      expect(spoofed.status).toBe(429);
    });
  });

  describe('behind a trusted proxy (TRUST_PROXY=1)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ RATE_LIMIT_PER_HOUR: '1', TRUST_PROXY: '1' });
    });
    afterAll(async () => {
      await t.close();
    });

    it('keys anonymous callers by the address the proxy saw', async () => {
      const from = (address: string) => t.get('user', { headers: { 'x-forwarded-for': address } });
      expect((await from('203.0.113.7')).status).toBe(401);
      expect((await from('203.0.113.7')).status).toBe(429);
      // The client's own claim left of the proxy's entry is not believed.
      expect((await from('198.51.100.1, 203.0.113.7')).status).toBe(429);
      expect((await from('203.0.113.8')).status).toBe(401);
    });
  });

  describe('in Redis, shared by two instances', () => {
    let first: TestApp;
    let second: TestApp;
    beforeAll(async () => {
      // A prefix of its own keeps this run's counters apart from any other run on the same Redis.
      const env = {
        RATE_LIMIT_PER_HOUR: '4',
        REDIS_URL,
        REDIS_KEY_PREFIX: `party-test-${randomBytes(6).toString('hex')}:`,
      };
      first = await startTestApp(env);
      second = await startTestApp(env);
    });
    afterAll(async () => {
      await first.close();
      await second.close();
    });

    it('spends one budget whichever instance answers', async () => {
      // Anonymous callers are keyed by IP, which both instances see alike.
      const probe = (app: TestApp) => app.get('user');
      const results = [
        await probe(first),
        await probe(second),
        await probe(first),
        await probe(second),
      ];
      expect(results.map((r) => r.headers.get('x-ratelimit-remaining'))).toEqual([
        '3',
        '2',
        '1',
        '0',
      ]);
      const over = await probe(first);
      expect(over.status).toBe(429);
      expect((await probe(second)).status).toBe(429);
    });
  });
});
