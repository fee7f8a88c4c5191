import { preferredLocale, resolveLocale } from '../../src/common/i18n/locale';
import { buildLinkHeader } from '../../src/common/pagination/pagination.interceptor';
import { Paginated } from '../../src/common/pagination/pagination';
import { isValidTimeZone, toIsoUtc, toLocalizedString } from '../../src/common/time/time-format';
import { redactUrl } from '../../src/common/logging/logging';
import type { FastifyRequest } from 'fastify';

describe('resolveLocale', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['zh-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-TW;q=0.8, en;q=0.9', 'en'],
    ['fr-FR, zh-CN;q=0.5', 'zh-CN'],
    ['fr', 'en'],
    ['en-GB,en;q=0.9', 'en'],
  ])('%s → %s', (header, expected) => {
    expect(resolveLocale(header)).toBe(expected);
  });

  it.each([
    ['*', null],
    ['fr, de;q=0.5', null],
    ['*, zh;q=0.1', 'zh-CN'],
  ])('asks for %s → %s (null: the reader’s own setting decides)', (header, expected) => {
    expect(preferredLocale(header)).toBe(expected);
  });
});

describe('time format', () => {
  const at = new Date('2014-06-01T08:10:30.123Z');

  it('writes ISO 8601 UTC to the second', () => {
    expect(toIsoUtc(at)).toBe('2014-06-01T08:10:30Z');
  });

  it('localizes in the reader zone and language', () => {
    expect(toLocalizedString(at, 'zh-CN', 'Asia/Shanghai')).toContain('2014年6月1日');
    expect(toLocalizedString(at, 'zh-CN', 'Asia/Shanghai')).toContain('16:10:30');
    expect(toLocalizedString(at, 'en', 'UTC')).toContain('June 1, 2014');
  });

  it('writes the first hour after midnight as 00, never 24', () => {
    const justAfterMidnight = new Date('2026-12-01T00:53:11Z');
    expect(toLocalizedString(justAfterMidnight, 'en', 'UTC')).toContain('00:53:11');
    expect(toLocalizedString(justAfterMidnight, 'zh-CN', 'UTC')).toContain('00:53:11');
  });

  it('knows IANA zones', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('Link header', () => {
  const request = {
    url: '/api/party/friendships?per_page=10&page=3',
    protocol: 'http',
    host: 'party.test',
  } as FastifyRequest;

  it('links first, prev, next and last, keeping the other parameters', () => {
    const header = buildLinkHeader(request, new Paginated([], 3, 10, 95));
    expect(header).toBe(
      [
        '<http://party.test/api/party/friendships?per_page=10&page=1>; rel="first"',
        '<http://party.test/api/party/friendships?per_page=10&page=2>; rel="prev"',
        '<http://party.test/api/party/friendships?per_page=10&page=4>; rel="next"',
        '<http://party.test/api/party/friendships?per_page=10&page=10>; rel="last"',
      ].join(', '),
    );
  });

  it('has no prev on the first page and no next on the last; an empty list has one page', () => {
    expect(buildLinkHeader(request, new Paginated([], 1, 10, 0))).toBe(
      '<http://party.test/api/party/friendships?per_page=10&page=1>; rel="first", <http://party.test/api/party/friendships?per_page=10&page=1>; rel="last"',
    );
  });
});

describe('log redaction', () => {
  it('hides secrets in query strings', () => {
    expect(redactUrl('/api/party/user?access_token=abc&x=1')).toBe(
      '/api/party/user?access_token=[REDACTED]&x=1',
    );
    expect(redactUrl('/oauth/authorize?code=zzz&client_secret=s')).toBe(
      '/oauth/authorize?code=[REDACTED]&client_secret=[REDACTED]',
    );
  });
});
