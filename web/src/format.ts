import i18n from './i18n';

const locale = () => (i18n.language === 'fr' ? 'fr-FR' : 'en-GB');

export const formatNumber = (n: number, digits = 0) =>
  new Intl.NumberFormat(locale(), { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(n);

export const formatPercent = (ratio: number) =>
  new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(ratio);

export const formatDate = (iso: string | null | undefined) =>
  iso ? new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(new Date(iso)) : '—';

export const formatDateTime = (iso: string | null | undefined) =>
  iso ? new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '—';

export function formatPower(kwp: number): string {
  const fr = i18n.language === 'fr';
  return kwp >= 1000
    ? `${formatNumber(kwp / 1000, 2)} ${fr ? 'MWc' : 'MWp'}`
    : `${formatNumber(kwp, 1)} ${fr ? 'kWc' : 'kWp'}`;
}

export function formatBytes(bytes: number): string {
  const units = i18n.language === 'fr' ? ['o', 'Ko', 'Mo', 'Go'] : ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${formatNumber(value, unit ? 1 : 0)} ${units[unit]}`;
}

export function formatArea(m2: number): string {
  return m2 >= 10_000 ? `${formatNumber(m2 / 10_000, 2)} ha` : `${formatNumber(m2)} m²`;
}

export const formatWp = (wp: number) => `${formatNumber(wp)} ${i18n.language === 'fr' ? 'Wc' : 'Wp'}`;
