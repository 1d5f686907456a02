import type { Locale } from '@calepin/core';

const tag = (lang: Locale) => (lang === 'fr' ? 'fr-FR' : 'en-GB');

export function formatBytes(bytes: number, lang: Locale): string {
  const units = lang === 'fr' ? ['o', 'ko', 'Mo', 'Go'] : ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toLocaleString(tag(lang), { maximumFractionDigits: unit ? 1 : 0 })} ${units[unit]}`;
}

export const formatDate = (iso: string, lang: Locale) =>
  new Date(iso).toLocaleString(tag(lang), { dateStyle: 'medium', timeStyle: 'short' });

export const formatTime = (iso: string, lang: Locale) => new Date(iso).toLocaleTimeString(tag(lang), { timeStyle: 'short' });
