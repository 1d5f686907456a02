// The columns of the exports, one list per sheet shared by Excel and CSV: a header (a
// message key, translated per request) and how a row gives the cell.
import { type Locale, type MessageKey, t } from '@calepin/core';

export type Cell = string | number | Date | null;
export interface Column {
  header: MessageKey;
  width: number;
  cell(row: Record<string, unknown>, locale: Locale): Cell;
}

const text = (key: string) => (row: Record<string, unknown>) => (row[key] == null ? null : String(row[key]));
const num = (key: string) => (row: Record<string, unknown>) => (row[key] == null ? null : Number(row[key]));
const date = (key: string) => (row: Record<string, unknown>) => (row[key] == null ? null : new Date(row[key] as string));
/** A value of our vocabulary, in the reader's words: `status.dead` → Mort. */
const word = (key: string, prefix: string) => (row: Record<string, unknown>, locale: Locale) =>
  row[key] == null ? null : t(locale, `${prefix}.${String(row[key])}` as MessageKey);

export const MODULE_COLUMNS: Column[] = [
  { header: 'x.code', width: 12, cell: text('code') },
  { header: 'x.string', width: 8, cell: text('string') },
  { header: 'x.position', width: 10, cell: num('position') },
  { header: 'x.table', width: 10, cell: text('table') },
  { header: 'x.row', width: 7, cell: num('row') },
  { header: 'x.column', width: 8, cell: num('column') },
  { header: 'x.inverter', width: 10, cell: text('inverter') },
  { header: 'x.status', width: 14, cell: word('status', 'status') },
  { header: 'x.inspected_at', width: 18, cell: date('inspectedAt') },
  { header: 'x.defects', width: 9, cell: num('defects') },
  { header: 'x.severity', width: 12, cell: word('severity', 'severity') },
  {
    header: 'x.types', width: 28,
    cell: (row, locale) => ((row.types as string[] | null) ?? []).map((d) => t(locale, `defect.${d}` as MessageKey)).join(', ') || null,
  },
  { header: 'x.comments', width: 40, cell: text('descriptions') },
  { header: 'x.lon', width: 12, cell: num('lon') },
  { header: 'x.lat', width: 12, cell: num('lat') },
];

export const DEFECT_COLUMNS: Column[] = [
  { header: 'x.code', width: 12, cell: text('module') },
  { header: 'x.target', width: 10, cell: word('targetKind', 'target') },
  { header: 'x.defect_type', width: 22, cell: word('defectType', 'defect') },
  { header: 'x.status', width: 14, cell: word('status', 'status') },
  { header: 'x.severity', width: 10, cell: word('severity', 'severity') },
  { header: 'x.iec_class', width: 10, cell: num('iecClass') },
  { header: 'x.delta_t', width: 8, cell: num('deltaT') },
  { header: 'x.description', width: 40, cell: text('description') },
  { header: 'x.observed_at', width: 18, cell: date('observedAt') },
  { header: 'x.author', width: 18, cell: text('author') },
  { header: 'x.review', width: 10, cell: word('review', 'review') },
  { header: 'x.photos', width: 7, cell: num('photos') },
  { header: 'x.lon', width: 12, cell: num('lon') },
  { header: 'x.lat', width: 12, cell: num('lat') },
];
