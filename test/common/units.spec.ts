import { label } from '../../src/common/i18n/label';
import { Locale, preferredLocale, resolveLocale } from '../../src/common/i18n/locale';
import { writeForReader } from '../../src/common/i18n/reader-view';
import { buildLinkHeader } from '../../src/common/pagination/page-headers';
import { Paginated } from '../../src/common/pagination/pagination';
import {
  isValidTimeZone,
  LOCALIZED_TIME,
  toIsoUtc,
  toLocalizedString,
} from '../../src/common/time/time-format';
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

  it('writes every time exactly as Intl does, across zones, offsets and their changes', () => {
    const zones = [
      'UTC',
      'Asia/Shanghai',
      'America/New_York',
      'Europe/Berlin',
      'Asia/Kolkata',
      'Asia/Kathmandu',
      'Australia/Lord_Howe',
      'America/St_Johns',
      'Asia/Gaza',
      'Africa/Monrovia',
    ];
    const times = [
      Date.UTC(1900, 0, 1, 12, 0, 7),
      Date.UTC(1972, 0, 1, 0, 44, 29),
      Date.UTC(2026, 2, 8, 6, 59, 59),
      Date.UTC(2026, 2, 8, 7, 0, 0),
      Date.UTC(2026, 2, 29, 0, 59, 31),
      Date.UTC(2026, 2, 29, 1, 0, 1),
      Date.UTC(2026, 9, 24, 21, 59, 58),
      Date.UTC(2026, 9, 24, 22, 0, 2),
      Date.UTC(2026, 10, 1, 5, 30, 45),
      Date.UTC(2026, 10, 1, 6, 30, 15),
    ];
    for (const timeZone of zones) {
      for (const locale of ['en', 'zh-CN'] as Locale[]) {
        const intl = new Intl.DateTimeFormat(locale, { ...LOCALIZED_TIME, timeZone });
        // Each time and its neighbours in the same minute: the second ones come from the cache.
        for (const time of times.flatMap((t) => [t, t + 1_000, t + 29_999, t - 1_000])) {
          expect(toLocalizedString(new Date(time), locale, timeZone)).toBe(intl.format(time));
        }
      }
    }
    expect(() => toLocalizedString(new Date(Number.NaN), 'en', 'UTC')).toThrow(RangeError);
  });

  it('knows IANA zones', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('reader view', () => {
  const reader = { locale: 'zh-CN' as Locale, timeZone: 'Asia/Shanghai' };

  it('writes times, null times and labels, leaving out undefined fields', () => {
    const at = new Date('2014-06-01T08:10:30Z');
    const body = {
      list: [{ id: 1, created_at: at, gone: undefined, read_at: null, state: label('x.', 'y') }],
      next: null,
    };
    expect(JSON.stringify(writeForReader(body, reader))).toBe(
      JSON.stringify({
        list: [
          {
            id: 1,
            created_at: '2014-06-01T08:10:30Z',
            created_at_string: toLocalizedString(at, 'zh-CN', 'Asia/Shanghai'),
            read_at: null,
            read_at_string: null,
            state: 'y',
          },
        ],
        next: null,
      }),
    );
  });

  it('hands back what holds nothing to write as it is, and copies only what does', () => {
    const person = { id: 'p', name: 'Ann', avatar_url: null, tags: ['a'], extra: undefined };
    const list = [person, person];
    expect(writeForReader(person, reader)).toBe(person);
    expect(writeForReader(list, reader)).toBe(list);
    const message = { sender: person, created_at: new Date(0) };
    const written = writeForReader(message, reader) as typeof message;
    expect(written).not.toBe(message);
    expect(written.sender).toBe(person);
    // A class instance is still copied into a plain object, as JSON would write it.
    class Page {
      constructor(readonly items: unknown[]) {}
      get size() {
        return this.items.length;
      }
    }
    const page = new Page([person]);
    expect(writeForReader(page, reader)).not.toBe(page);
    expect(JSON.stringify(writeForReader(page, reader))).toBe(JSON.stringify(page));
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
