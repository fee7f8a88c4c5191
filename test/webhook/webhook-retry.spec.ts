import { judge, parseRetryAfter, retryDelayMs } from '../../src/webhook/webhook-delivery.service';
import { signingSecrets } from '../../src/webhook/webhook-delivery-headers';
import { signatureHeader, verifySignature } from '../../src/webhook/webhook-signature';

describe('webhook retry rules', () => {
  const now = new Date('2026-12-07T08:00:00Z');

  it('backs off exponentially with jitter, capped at an hour', () => {
    expect(retryDelayMs(1, 10_000, null, () => 0)).toBe(5_000);
    expect(retryDelayMs(1, 10_000, null, () => 1)).toBe(10_000);
    expect(retryDelayMs(3, 10_000, null, () => 1)).toBe(40_000);
    expect(retryDelayMs(30, 10_000, null, () => 1)).toBe(3_600_000);
    expect(retryDelayMs(30, 10_000, null, () => 0)).toBe(1_800_000);
  });

  it('never retries sooner than Retry-After, honouring at most 6 hours', () => {
    expect(retryDelayMs(1, 10_000, 120_000, () => 1)).toBe(120_000);
    expect(retryDelayMs(1, 10_000, 1_000, () => 1)).toBe(10_000);
    expect(retryDelayMs(1, 10_000, 48 * 3600_000, () => 1)).toBe(6 * 3600_000);
  });

  it('reads Retry-After in seconds or as an HTTP date', () => {
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 07 Dec 2026 08:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });

  it('retries network errors, 408, 429 and 5xx; other answers are final', () => {
    const answered = (status: number) =>
      judge({ kind: 'answered', status, headers: {}, body: '' }, now).kind;
    expect(answered(200)).toBe('delivered');
    expect(answered(204)).toBe('delivered');
    for (const status of [408, 429, 500, 502, 503]) expect(answered(status)).toBe('retry');
    for (const status of [301, 400, 401, 404, 410, 422]) expect(answered(status)).toBe('give_up');
    expect(judge({ kind: 'failed', error: 'timeout' }, now).kind).toBe('retry');
    expect(judge({ kind: 'failed', error: 'network' }, now).kind).toBe('retry');
    expect(judge({ kind: 'failed', error: 'forbidden_address' }, now).kind).toBe('give_up');
  });

  it('signs with the previous secret only until its overlap ends', () => {
    const hook = {
      secret: 'new-secret-0123456789',
      previous_secret: 'old-secret-0123456789',
      previous_secret_expires_at: new Date(now.getTime() + 1000),
    };
    expect(signingSecrets(hook, now)).toEqual([hook.secret, hook.previous_secret]);
    expect(signingSecrets(hook, new Date(now.getTime() + 2000))).toEqual([hook.secret]);
    const header = signatureHeader(signingSecrets(hook, now), '{"a":1}', 1796630400);
    expect(verifySignature(header, '{"a":1}', hook.previous_secret, 300, 1796630400)).toBe(true);
    expect(verifySignature(header, '{"a":2}', hook.secret, 300, 1796630400)).toBe(false);
    expect(verifySignature(header, '{"a":1}', hook.secret, 300, 1796630400 + 301)).toBe(false);
  });
});
