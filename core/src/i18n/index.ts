import type { Locale } from '../vocabulary';
import { MESSAGES, type MessageKey } from './messages';

export { MESSAGES, type MessageKey } from './messages';
export { describeIssue } from './validation';

export type MessageParams = Record<string, string | number>;

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(MESSAGES.en, key);
}

/** The message for a key in a locale, with {placeholders} filled in. */
export function t(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  return MESSAGES[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/**
 * The preferred supported locale of an Accept-Language header: French for French
 * browsers, English otherwise.
 */
export function negotiateLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'en';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.toLowerCase().split('-')[0], q: q ? Number(q) : 1 };
    })
    .filter((l) => l.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { lang } of ranked) {
    if (lang === 'fr' || lang === 'en') return lang;
  }
  return 'en';
}
