// RFC 4180 CSV, UTF-8 with a byte order mark (Excel then reads accents right).
import type { Locale } from '@calepin/core';
import { t } from '@calepin/core';
import type { Cell, Column } from './columns';

/**
 * A cell as CSV text. Text that a spreadsheet would run as a formula (= + - @ at the start:
 * a comment typed on a tablet could be one) is prefixed with an apostrophe.
 */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvHeader = (columns: Column[], locale: Locale) => `\ufeff${columns.map((c) => csvCell(t(locale, c.header))).join(',')}\r\n`;

export const csvLine = (columns: Column[], row: Record<string, unknown>, locale: Locale) =>
  `${columns.map((c) => csvCell(c.cell(row, locale))).join(',')}\r\n`;
