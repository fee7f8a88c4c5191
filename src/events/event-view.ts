import { Label } from '../common/i18n/label';
import { Locale } from '../common/i18n/locale';
import { PersonDto } from '../common/people/person.dto';
import { toIsoUtc, toLocalizedString } from '../common/time/time-format';

/** What the stored `data` of an event still needs from its reader. */
export interface EventReader {
  userId: string;
  locale: Locale;
  timeZone: string;
}

/** A person in stored event data; delivery puts the reader's `PersonDto` of him in its place. */
export interface PersonRef {
  $person: string;
}

export function personRef(id: string): PersonRef;
export function personRef(id: string | null): PersonRef | null;
export function personRef(id: string | null): PersonRef | null {
  return id === null ? null : { $person: id };
}

function isPersonRef(value: Record<string, unknown>): value is Record<string, unknown> & PersonRef {
  return typeof value.$person === 'string';
}

/** A state label in stored event data; delivery puts its text in the reader's language. */
interface LabelRef {
  $label: string;
  fallback: string;
}

function isLabelRef(value: Record<string, unknown>): value is Record<string, unknown> & LabelRef {
  return typeof value.$label === 'string' && typeof value.fallback === 'string';
}

/** What the reader calls people (remarks) and his place in groups, looked up once per batch. */
export interface ReaderFacts {
  /** person id → the person as the reader sees him. */
  people: ReadonlyMap<string, PersonDto>;
  /** group id → the reader's role and whether he has the group blocked. */
  groups: ReadonlyMap<string, { role: string; blocked: boolean }>;
}

const TIME_FIELD = /_at$/;

/**
 * Turns an event's stored data (viewer-neutral, times as ISO strings) into what the REST API
 * would have answered this reader: his names for people, his role in a group, labels in his
 * language and times in his zone.
 */
export function viewFor(value: unknown, reader: EventReader, facts: ReaderFacts): unknown {
  if (Array.isArray(value)) return value.map((item) => viewFor(item, reader, facts));
  if (value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  if (isPersonRef(source)) return facts.people.get(source.$person) ?? null;
  if (isLabelRef(source)) return new Label(source.$label, source.fallback).in(reader.locale);
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(source)) {
    if (TIME_FIELD.test(key) && (typeof field === 'string' || field === null)) {
      out[key] = field;
      out[`${key}_string`] =
        field === null ? null : toLocalizedString(new Date(field), reader.locale, reader.timeZone);
      continue;
    }
    out[key] = viewFor(field, reader, facts);
  }
  if ('my_role' in source && typeof source.id === 'string') {
    // A reader who is no longer a member has no role in it (a removed member's last events).
    const place = facts.groups.get(source.id);
    out.my_role = place?.role ?? null;
    if ('blocked' in source) out.blocked = place?.blocked ?? false;
  }
  return out;
}

/** Ids of the people and groups in an event's data (what `viewFor` will ask about). */
export function referencesOf(value: unknown, people: Set<string>, groups: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) referencesOf(item, people, groups);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const source = value as Record<string, unknown>;
  if (isPersonRef(source)) people.add(source.$person);
  if ('my_role' in source && typeof source.id === 'string') groups.add(source.id);
  for (const field of Object.values(source)) {
    if (field !== null && typeof field === 'object') referencesOf(field, people, groups);
  }
}

/**
 * Stored form of a REST object: Dates as ISO 8601 UTC (to the second) without their `_string`
 * siblings, labels as references; both depend on the reader and are written at delivery.
 */
export function toStoredData(value: unknown): unknown {
  if (value instanceof Date) return toIsoUtc(value);
  if (value instanceof Label)
    return { $label: value.code, fallback: value.fallback } satisfies LabelRef;
  if (Array.isArray(value)) return value.map(toStoredData);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (field === undefined) continue;
    if (key.endsWith('_string') && TIME_FIELD.test(key.slice(0, -'_string'.length))) continue;
    out[key] = toStoredData(field);
  }
  return out;
}
