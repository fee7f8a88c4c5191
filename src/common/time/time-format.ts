import { Locale } from '../i18n/locale';

/**
 * One formatter per (language, time zone), and what it writes around the seconds of each UTC
 * minute it has written a time of: formatting is the costly part of a response's times (about
 * 6 µs each), and the times of a page of messages fall into few minutes.
 */
interface ZoneFormat {
  formatter: Intl.DateTimeFormat;
  /** UTC minute → the text before and after its 2-digit seconds; null: format every time. */
  minutes: Map<number, readonly [string, string] | null>;
}

const zoneFormats = new Map<string, ZoneFormat>();

/** How a `<field>_string` writes a time (with the reader's time zone). */
export const LOCALIZED_TIME: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
};

/** Minutes kept per formatter before its cache starts over. */
const MINUTES_KEPT = 4096;

/**
 * Since 1973 every zone's offset is whole minutes and changes at whole minutes, so within one
 * UTC minute only the seconds differ; outside these bounds every time is formatted in full.
 */
const SPLIT_FROM = Date.UTC(1973, 0, 1);
const SPLIT_UNTIL = Date.UTC(2200, 0, 1);

function zoneFormatFor(locale: Locale, timeZone: string): ZoneFormat {
  const key = `${locale}|${timeZone}`;
  let zone = zoneFormats.get(key);
  if (!zone) {
    const formatter = new Intl.DateTimeFormat(locale, { ...LOCALIZED_TIME, timeZone });
    zone = { formatter, minutes: new Map() };
    zoneFormats.set(key, zone);
  }
  return zone;
}

/**
 * The text around the seconds of `minute`, or null when the formatter does not write them as
 * one `00` part there, or when a time in that minute is not written the same way (checked once).
 */
function splitAtSeconds(formatter: Intl.DateTimeFormat, minute: number): [string, string] | null {
  const start = minute * 60_000;
  const parts = formatter.formatToParts(start);
  const at = parts.findIndex((part) => part.type === 'second');
  if (at < 0 || parts[at].value !== '00' || parts.some((p, i) => i > at && p.type === 'second'))
    return null;
  const join = (from: number, to: number) =>
    parts
      .slice(from, to)
      .map((part) => part.value)
      .join('');
  const split: [string, string] = [join(0, at), join(at + 1, parts.length)];
  return formatter.format(start + 59_000) === `${split[0]}59${split[1]}` ? split : null;
}

/** Whether `name` is an IANA time zone this runtime knows (`Asia/Shanghai`, `UTC`). */
export function isValidTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return name.length > 0;
  } catch {
    return false;
  }
}

/** ISO 8601 in UTC with second precision: `2014-06-01T08:10:30Z`. */
export function toIsoUtc(date: Date): string {
  // toISOString always ends in `.sssZ`.
  return `${date.toISOString().slice(0, -5)}Z`;
}

/** The human form of a time for the `<field>_string` sibling, in the reader's language and zone. */
export function toLocalizedString(date: Date, locale: Locale, timeZone: string): string {
  const zone = zoneFormatFor(locale, timeZone);
  const time = date.getTime();
  if (!(time >= SPLIT_FROM && time < SPLIT_UNTIL)) return zone.formatter.format(date);
  const minute = Math.floor(time / 60_000);
  let split = zone.minutes.get(minute);
  if (split === undefined) {
    if (zone.minutes.size >= MINUTES_KEPT) zone.minutes.clear();
    split = splitAtSeconds(zone.formatter, minute);
    zone.minutes.set(minute, split);
  }
  if (split === null) return zone.formatter.format(date);
  const seconds = Math.floor((time - minute * 60_000) / 1000);
  return `${split[0]}${seconds < 10 ? '0' : ''}${seconds}${split[1]}`;
}
