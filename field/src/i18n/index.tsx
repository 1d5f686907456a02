// The field app's words in French and English (en.ts is the list, fr.ts is typed by it, so a
// missing translation fails the type-check). French for French browsers, English otherwise;
// the technician can switch. `{name}` in a message takes the parameter of that name.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Locale } from '@calepin/core';
import { en, type MessageKey } from './en';
import { fr } from './fr';

const LANG_KEY = 'calepin.field.lang';
const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { en, fr };

export function initialLanguage(): Locale {
  const chosen = localStorage.getItem(LANG_KEY);
  if (chosen === 'fr' || chosen === 'en') return chosen;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const lang = tag.toLowerCase().split('-')[0];
    if (lang === 'fr' || lang === 'en') return lang;
  }
  return 'en';
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translate(lang: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const text = DICTIONARIES[lang][key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;
}

interface I18n {
  lang: Locale;
  t: Translate;
  setLang(lang: Locale): void;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Locale>(initialLanguage);
  const setLang = useCallback((next: Locale) => {
    localStorage.setItem(LANG_KEY, next);
    document.documentElement.lang = next;
    setLangState(next);
  }, []);
  const t = useCallback<Translate>((key, params) => translate(lang, key, params), [lang]);
  const value = useMemo(() => ({ lang, t, setLang }), [lang, t, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

export type { MessageKey };
