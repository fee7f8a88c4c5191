export type Locale = 'en' | 'zh-CN';

export const SUPPORTED_LOCALES: readonly Locale[] = ['en', 'zh-CN'];
export const DEFAULT_LOCALE: Locale = 'en';

/** Picks the best supported locale from an Accept-Language header (RFC 9110 q-values). */
export function resolveLocale(acceptLanguage: string | undefined | null): Locale {
  return preferredLocale(acceptLanguage) ?? DEFAULT_LOCALE;
}

/**
 * The supported locale an Accept-Language header asks for, or null when it names none of them
 * (`*`, which Node's fetch sends by default, or only other languages): then the reader's own
 * setting decides.
 */
export function preferredLocale(acceptLanguage: string | undefined | null): Locale | null {
  if (!acceptLanguage) return null;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.tag && !Number.isNaN(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return null;
}

/** Whether a string names a locale Party can answer in (`en`, `zh-CN`). */
export function isSupportedLocale(value: string): value is Locale {
  return (SUPPORTED_LOCALES as readonly string[]).includes(value);
}
