import { toIsoUtc, toLocalizedString } from '../time/time-format';
import { Label } from './label';
import { Locale } from './locale';

export interface Reader {
  locale: Locale;
  timeZone: string;
}

type Fields = Record<string, unknown>;

/**
 * `value` as its reader sees it. What holds no Date, no `Label` and no null `*_at` field comes
 * back as it is, not copied (a person, an attachment list); only plain objects and arrays are
 * kept so, because `JSON.stringify` writes them exactly as their copy (fields left undefined
 * are left out by both). Anything else (class instances) is copied as before.
 */
export function writeForReader(value: unknown, reader: Reader): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return toIsoUtc(value);
  if (value instanceof Label) return value.in(reader.locale);
  if (Array.isArray(value)) return writeArray(value, reader);
  if (Buffer.isBuffer(value)) return value;
  if (typeof (value as { pipe?: unknown }).pipe === 'function') return value;
  return writeFields(value as Fields, reader);
}

function writeArray(items: unknown[], reader: Reader): unknown[] {
  let out: unknown[] | null = null;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const written = writeForReader(item, reader);
    if (out === null && written !== item) out = items.slice(0, i);
    if (out !== null) out.push(written);
  }
  return out ?? items;
}

/**
 * Every Date field becomes ISO 8601 UTC with a `<field>_string` sibling after it; a null time
 * field (named `*_at`) gets a null one.
 */
function writeFields(value: Fields, reader: Reader): Fields {
  const keys = Object.keys(value);
  const prototype: unknown = Object.getPrototypeOf(value);
  let out: Fields | null = prototype === Object.prototype || prototype === null ? null : {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const field = value[key];
    if (field === undefined) continue;
    if (field === null) {
      if (key.endsWith('_at')) {
        out ??= copyHead(value, keys, i);
        out[key] = null;
        out[`${key}_string`] = null;
      } else if (out !== null) out[key] = null;
    } else if (field instanceof Date) {
      out ??= copyHead(value, keys, i);
      out[key] = toIsoUtc(field);
      out[`${key}_string`] = toLocalizedString(field, reader.locale, reader.timeZone);
    } else {
      const written = typeof field === 'object' ? writeForReader(field, reader) : field;
      if (out === null && written !== field) out = copyHead(value, keys, i);
      if (out !== null) out[key] = written;
    }
  }
  return out ?? value;
}

/** The fields before `end`, unchanged so far, into the copy that starts there. */
function copyHead(value: Fields, keys: string[], end: number): Fields {
  const out: Fields = {};
  for (let i = 0; i < end; i++) {
    const field = value[keys[i]];
    if (field !== undefined) out[keys[i]] = field;
  }
  return out;
}
