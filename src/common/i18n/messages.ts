import { Locale } from './locale';

export type MessageTemplate = Record<Locale, string>;
/** Placeholder values; a template value (a name in each language) is given in the reader's. */
export type MessageParams = Record<string, string | number | MessageTemplate>;

const catalog = new Map<string, MessageTemplate>();

/**
 * Registers a feature's localized texts (error messages, state labels) under their codes.
 * Each module calls this from its `<feature>.messages.ts`; a code may be defined once.
 */
export function defineMessages<K extends string>(
  messages: Record<K, MessageTemplate>,
): Record<K, MessageTemplate> {
  for (const [code, template] of Object.entries(messages) as [K, MessageTemplate][]) {
    const existing = catalog.get(code);
    if (existing && existing.en !== template.en) {
      throw new Error(`Message code "${code}" is defined twice with different texts`);
    }
    catalog.set(code, template);
  }
  return messages;
}

/**
 * Every error code registered so far: the catalogue's keys without a dot (state labels and
 * validation details are dotted, `group.status.active`, `validation.max`). Complete once every
 * module is loaded, as when the app has been built.
 */
export function errorCodes(): string[] {
  return [...catalog.keys()].filter((code) => !code.includes('.'));
}

/** The text for a code in a locale, with `{name}` placeholders filled; null when unknown. */
export function translate(code: string, locale: Locale, params: MessageParams = {}): string | null {
  const template = catalog.get(code);
  if (!template) return null;
  return template[locale].replace(/\{(\w+)\}/g, (match, name: string) => {
    if (!(name in params)) return match;
    const value = params[name];
    return typeof value === 'object' ? value[locale] : String(value);
  });
}
