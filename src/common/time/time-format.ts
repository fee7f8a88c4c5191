import { Locale } from '../i18n/locale';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(locale: Locale, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, {
      timeZone,
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formatters.set(key, formatter);
  }
  return formatter;
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
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The human form of a time for the `<field>_string` sibling, in the reader's language and zone. */
export function toLocalizedString(date: Date, locale: Locale, timeZone: string): string {
  return formatterFor(locale, timeZone).format(date);
}
