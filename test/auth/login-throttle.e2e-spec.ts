import { createHash, randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { RedisConnection } from '../../src/common/redis/redis.module';
import { createUser, TestUser } from '../support/fixtures';
import { kill, requireBuiltServer, startInstance } from '../support/instance';
import { startTestApp, TestApp, withClient } from '../support/test-app';
import { ConsentClient, tokenRequest } from './auth-helpers';

const LOCKOUT = 900;

/** The counts live in PostgreSQL, or in Redis when REDIS_URL is set. */
const variants: [string, Record<string, string>][] = [['PostgreSQL', {}]];
if (process.env.TEST_REDIS_URL) {
  variants.push([
    'Redis',
    {
      REDIS_URL: process.env.TEST_REDIS_URL,
      REDIS_KEY_PREFIX: `party-test-${randomBytes(6).toString('hex')}:`,
    },
  ]);
}

describe.each(variants)(
  'login throttling in %s (password grant and consent page)',
  (_name, store) => {
    let t: TestApp;
    let ipCounter = 0;

    beforeAll(async () => {
      t = await startTestApp({
        ...store,
        LOGIN_MAX_FAILURES: '3',
        LOGIN_MAX_FAILURES_PER_IP: '5',
        LOGIN_LOCKOUT_SECONDS: String(LOCKOUT),
        TRUST_PROXY: 'true',
      });
    });

    afterAll(async () => {
      await t.close();
      if (store.REDIS_URL) {
        const redis = new Redis(store.REDIS_URL);
        try {
          const keys = await redis.keys(`${store.REDIS_KEY_PREFIX}*`);
          if (keys.length > 0) await redis.del(...keys);
        } finally {
          await redis.quit();
        }
      }
    });

    /** Each test signs in from addresses of its own, so that only its failures count. */
    function freshIp(): string {
      ipCounter += 1;
      return `203.0.113.${ipCounter}`;
    }

    function passwordGrant(login: string, password: string, ip: string) {
      return tokenRequest(
        t,
        { grant_type: 'password', username: login, password },
        { 'x-forwarded-for': ip },
      );
    }

    async function fail(user: { username: string }, ip: string, times: number): Promise<void> {
      for (let i = 0; i < times; i += 1) {
        const res = await passwordGrant(user.username, 'wrong password', ip);
        expect([res.status, res.body.error]).toEqual([400, 'invalid_grant']);
      }
    }

    /** Ends a lockout now, as if its time had passed. */
    async function endLockout(key: string): Promise<void> {
      const hash = createHash('sha256').update(key).digest('hex');
      if (store.REDIS_URL) {
        const redis = new Redis(store.REDIS_URL, { keyPrefix: store.REDIS_KEY_PREFIX });
        try {
          await redis.hset(`login-throttle:${hash}`, 'locked_until', 0);
        } finally {
          await redis.quit();
        }
        return;
      }
      await withClient(t.databaseUrl, (client) =>
        client.query(
          `UPDATE auth_login_throttles SET locked_until = now() - interval '1 second' WHERE key = $1`,
          [hash],
        ),
      );
    }

    it('locks an account after the failures of a window: 429 with Retry-After, even for the right password', async () => {
      const alice = await createUser(t);
      const ip = freshIp();
      await fail(alice, ip, 3);
      const locked = await passwordGrant(alice.username, alice.password, freshIp());
      expect(locked.status).toBe(429);
      expect(locked.body.error).toBe('rate_limited');
      const retryAfter = Number(locked.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(LOCKOUT - 60);
      expect(retryAfter).toBeLessThanOrEqual(LOCKOUT);
      // Another account is not concerned.
      const bob = await createUser(t);
      expect((await passwordGrant(bob.username, bob.password, freshIp())).status).toBe(200);
    });

    // Another process on the same database (the built server): the counts are not in memory.
    const shared = process.env.DATABASE_URL ? it : it.skip;
    shared('a lockout holds on every instance', async () => {
      requireBuiltServer();
      const other = await startInstance(t.databaseUrl, {
        ...store,
        LOGIN_MAX_FAILURES: '3',
        TRUST_PROXY: 'true',
      });
      try {
        const hank = await createUser(t);
        await fail(hank, freshIp(), 3);
        const there = await fetch(new URL('/oauth/token', other.baseUrl), {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-forwarded-for': freshIp(),
          },
          body: new URLSearchParams({
            grant_type: 'password',
            username: hank.username,
            password: hank.password,
          }),
        });
        expect(there.status).toBe(429);
        expect(Number(there.headers.get('retry-after'))).toBeGreaterThan(0);
      } finally {
        await kill(other);
      }
    });

    it('each lockout lasts twice as long as the one before', async () => {
      const carol = await createUser(t);
      await fail(carol, freshIp(), 3);
      const first = await passwordGrant(carol.username, 'wrong password', freshIp());
      expect(first.status).toBe(429);
      await endLockout(`account:${carol.username.toLowerCase()}`);
      await fail(carol, freshIp(), 3);
      const second = await passwordGrant(carol.username, carol.password, freshIp());
      expect(second.status).toBe(429);
      const retryAfter = Number(second.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(2 * LOCKOUT - 60);
      expect(retryAfter).toBeLessThanOrEqual(2 * LOCKOUT);
      await endLockout(`account:${carol.username.toLowerCase()}`);
      expect((await passwordGrant(carol.username, carol.password, freshIp())).status).toBe(200);
    });

    it('a successful sign-in clears the account failures', async () => {
      const dave = await createUser(t);
      const ip = freshIp();
      await fail(dave, ip, 2);
      expect((await passwordGrant(dave.username, dave.password, ip)).status).toBe(200);
      await fail(dave, freshIp(), 2);
      expect((await passwordGrant(dave.username, dave.password, freshIp())).status).toBe(200);
    });

    it('counts per IP address as well, across accounts', async () => {
      const ip = freshIp();
      const victims: TestUser[] = [];
      for (let i = 0; i < 3; i += 1) victims.push(await createUser(t));
      await fail(victims[0], ip, 2);
      await fail(victims[1], ip, 2);
      await fail(victims[2], ip, 1);
      // Five failures from this address: it is locked out, whatever account it tries.
      const erin = await createUser(t);
      const fromThatIp = await passwordGrant(erin.username, erin.password, ip);
      expect(fromThatIp.status).toBe(429);
      expect(Number(fromThatIp.headers.get('retry-after'))).toBeGreaterThan(0);
      // The accounts themselves are not locked: from elsewhere they sign in.
      expect((await passwordGrant(erin.username, erin.password, freshIp())).status).toBe(200);
      expect(
        (await passwordGrant(victims[0].username, victims[0].password, freshIp())).status,
      ).toBe(200);
    });

    it('an unknown login is throttled exactly like an existing one', async () => {
      const ghost = { username: 'nosuchuser42' };
      await fail(ghost, freshIp(), 3);
      const locked = await passwordGrant(ghost.username, 'anything', freshIp());
      expect(locked.status).toBe(429);
      expect(locked.body.error).toBe('rate_limited');
    });

    it('the consent page sign-in counts too: 401 per wrong password, then 429 with Retry-After', async () => {
      const frank = await createUser(t);
      const owner = await createUser(t);
      const app = await t.post(
        'apps',
        {
          name: 'Throttled app',
          redirect_uris: ['https://app.example.com/cb'],
          scopes: ['party_user'],
        },
        { token: owner.token },
      );
      expect(app.status).toBe(201);
      const browser = new ConsentClient(t.baseUrl);
      const path = `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: app.body.client_id }).toString()}`;
      const form = await browser.get(path);
      expect(form.status).toBe(200);
      const fields = ConsentClient.hidden(form.html);
      for (let i = 0; i < 3; i += 1) {
        const wrong = await browser.post('/oauth/authorize/sign-in', {
          ...fields,
          login: frank.username,
          password: 'wrong password',
        });
        expect(wrong.status).toBe(401);
      }
      const response = await fetch(new URL('/oauth/authorize/sign-in', t.baseUrl), {
        method: 'POST',
        redirect: 'manual',
        headers: {
          cookie: browser.cookies(),
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ ...fields, login: frank.username, password: frank.password }),
      });
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(response.headers.get('set-cookie') ?? '').not.toContain('party_session=');
      expect(await response.text()).toContain('Too many failed sign-ins');
      // The password grant shares the lock.
      expect((await passwordGrant(frank.username, frank.password, freshIp())).status).toBe(429);
    });

    (store.REDIS_URL ? it : it.skip)(
      'with its store unreachable a sign-in is a 503 with Retry-After, never a 500',
      async () => {
        const ivan = await createUser(t);
        const redis = t.app.get(RedisConnection).client!;
        redis.disconnect();
        try {
          const res = await passwordGrant(ivan.username, ivan.password, freshIp());
          expect(res.status).toBe(503);
          expect(res.body.error).toBe('service_unavailable');
          expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        } finally {
          await redis.connect();
        }
        expect((await passwordGrant(ivan.username, ivan.password, freshIp())).status).toBe(200);
      },
    );

    it('a consent-page session is a site-wide, HttpOnly cookie', async () => {
      const gina = await createUser(t);
      const browser = new ConsentClient(t.baseUrl);
      const form = await browser.get(
        '/oauth/sign-in?return_to=/h/00000000-0000-4000-8000-000000000000',
      );
      expect(form.status).toBe(200);
      const response = await fetch(new URL('/oauth/sign-in', t.baseUrl), {
        method: 'POST',
        redirect: 'manual',
        headers: {
          cookie: browser.cookies(),
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          ...ConsentClient.hidden(form.html),
          login: gina.username,
          password: gina.password,
        }),
      });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/h/00000000-0000-4000-8000-000000000000');
      const session = response.headers.getSetCookie().find((c) => c.startsWith('party_session='));
      expect(session).toMatch(/; Path=\/; HttpOnly; SameSite=Lax$/);
    });

    it('the sign-in page only sends back to Party pages, and checks its CSRF token', async () => {
      const browser = new ConsentClient(t.baseUrl);
      expect((await browser.get('/oauth/sign-in?return_to=https://evil.example/')).status).toBe(
        400,
      );
      expect((await browser.get('/oauth/sign-in?return_to=//evil.example/h/x')).status).toBe(400);
      const form = await browser.get(
        '/oauth/sign-in?return_to=/h/00000000-0000-4000-8000-000000000000',
      );
      const forged = await browser.post('/oauth/sign-in', {
        ...ConsentClient.hidden(form.html),
        csrf_token: 'x'.repeat(32),
        login: 'a',
        password: 'b',
      });
      expect(forged.status).toBe(403);
      const offsite = await browser.post('/oauth/sign-in', {
        ...ConsentClient.hidden(form.html),
        return_to: 'https://evil.example/',
        login: 'a',
        password: 'b',
      });
      expect(offsite.status).toBe(400);
    });
  },
);
