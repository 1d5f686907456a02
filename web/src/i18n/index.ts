import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '@calepin/core';
import { en } from './en';
import { fr } from './fr';

const LANG_KEY = 'calepin.lang';

/** The language chosen in the header, or else French for French browsers, English otherwise. */
export function initialLanguage(): Locale {
  const chosen = localStorage.getItem(LANG_KEY);
  if (chosen === 'fr' || chosen === 'en') return chosen;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const lang = tag.toLowerCase().split('-')[0];
    if (lang === 'fr' || lang === 'en') return lang;
  }
  return 'en';
}

export function setLanguage(lang: Locale): void {
  localStorage.setItem(LANG_KEY, lang);
  void i18n.changeLanguage(lang);
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, fr: { translation: fr } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});

i18n.on('languageChanged', (lang) => {
  document.documentElement.lang = lang;
});
document.documentElement.lang = i18n.language;

export const currentLocale = (): Locale => (i18n.language === 'fr' ? 'fr' : 'en');

export default i18n;
