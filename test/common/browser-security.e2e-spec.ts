import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACT_PATHS } from '../../src/common/logging/logging';
import { createUser, TestUser } from '../support/fixtures';
import { captureLogs } from '../support/logs';
import { startTestApp, TestApp } from '../support/test-app';

let logged: string[] = [];

describe('browser security headers and log hygiene', () => {
  let t: TestApp;
  let alice: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'warn' });
    logged = captureLogs(t);
    alice = await createUser(t);
  });

  afterAll(async () => {
    await t.close();
  });

  it('JSON answers are nosniff and no-store, errors included', async () => {
    for (const res of [
      await t.get('user', { token: alice.token }),
      await t.get('user'),
      await t.get('no-such-route', { token: alice.token }),
      await t.post('/oauth/token', { grant_type: 'password' }),
    ]) {
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('/docs is never framed and runs under a CSP', async () => {
    const page = await fetch(new URL('/docs', t.baseUrl));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain("script-src 'self' 'unsafe-inline'");
    // Its page loads only scripts of its own (allowed by script-src 'self').
    const html = await page.text();
    expect(html).not.toMatch(/<script>(?!\s*<\/script>)/);
    const spec = await fetch(new URL('/docs-json', t.baseUrl));
    expect(spec.headers.get('x-frame-options')).toBe('DENY');
    expect(spec.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('without CORS_ORIGINS no origin gets CORS headers (preflights included)', async () => {
    const preflight = await fetch(new URL('/api/party/user', t.baseUrl), {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const get = await t.get('user', {
      token: alice.token,
      headers: { origin: 'https://app.example.com' },
    });
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('mobile numbers never reach the request log', async () => {
    logged.length = 0;
    const res = await t.get('users/mobile-availability', {
      query: { phone_code: '86', mobile: '13912345678' },
    });
    expect(res.status).toBe(200);
    await t.post('auth/verify-codes', {
      phone_code: '86',
      mobile: '13987654321',
      purpose: 'login',
    });
    const text = logged.join('');
    expect(text).toContain('/api/party/users/mobile-availability?');
    expect(text).toContain('mobile=[REDACTED]');
    expect(text).not.toContain('13912345678');
    expect(text).not.toContain('13987654321');
  });

  it('logged objects lose their mobile, phone and password fields at any of the first levels', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino({ redact: { paths: REDACT_PATHS, censor: '[REDACTED]' } }, sink);
    logger.info(
      { mobile: '+8613900000001', user: { phone: '+8613900000002', profile: { mobile: '+861' } } },
      'x',
    );
    const line = lines.join('');
    expect(line).not.toContain('+8613900000001');
    expect(line).not.toContain('+8613900000002');
    expect(line).not.toContain('"+861"');
    expect(line).toContain('[REDACTED]');
  });
});
