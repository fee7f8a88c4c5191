import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const ALLOWED = 'https://app.example.com';

describe('CORS for the origins of CORS_ORIGINS', () => {
  let t: TestApp;
  let alice: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ CORS_ORIGINS: `${ALLOWED}, http://localhost:5173` });
    alice = await createUser(t);
  });

  afterAll(async () => {
    await t.close();
  });

  function preflight(origin: string, method: string, headers: string) {
    return fetch(new URL('/api/party/groups', t.baseUrl), {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': method,
        'access-control-request-headers': headers,
      },
    });
  }

  it('answers a preflight of an allowed origin with the methods and headers a client needs', async () => {
    const res = await preflight(
      ALLOWED,
      'POST',
      'authorization, content-type, idempotency-key, accept-language',
    );
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    const methods = (res.headers.get('access-control-allow-methods') ?? '').split(/,\s*/);
    expect(methods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']));
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const header of ['authorization', 'content-type', 'idempotency-key', 'accept-language']) {
      expect(allowed).toContain(header);
    }
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('exposes the rate-limit, paging and caching headers on real answers', async () => {
    const res = await t.get('groups', { token: alice.token, headers: { origin: ALLOWED } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    const exposed = (res.headers.get('access-control-expose-headers') ?? '').split(/,\s*/);
    expect(exposed).toEqual(
      expect.arrayContaining([
        'X-RateLimit-Limit',
        'X-RateLimit-Remaining',
        'X-RateLimit-Reset',
        'Retry-After',
        'Link',
        'X-Total-Count',
        'ETag',
      ]),
    );
    const other = await t.get('groups', {
      token: alice.token,
      headers: { origin: 'http://localhost:5173' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  it('gives another origin nothing', async () => {
    const res = await preflight('https://evil.example', 'POST', 'authorization');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const get = await t.get('groups', {
      token: alice.token,
      headers: { origin: 'https://app.example.com.evil.example' },
    });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });
});
