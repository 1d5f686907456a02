// The .xlsx of an audit, written as a stream (exceljs' WorkbookWriter): a summary sheet,
// then the module results and the defects, row by row from the database cursor.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { type Locale, MAP_STATUSES, STATUS_COLORS, t } from '@calepin/core';
import type { Db } from '../../db';
import { type Column, DEFECT_COLUMNS, MODULE_COLUMNS } from './columns';
import { streamRows } from './rows';

export interface Summary {
  plant: string;
  client: string;
  auditType: string;
  startedAt: Date | null;
  finishedAt: Date | null;
  validatedAt: Date | null;
  total: number;
  byStatus: Record<string, number>;
}

const BOLD = { bold: true };
const argb = (hex: string) => `FF${hex.slice(1).toUpperCase()}`;

async function sheetOf(book: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: Column[], rows: AsyncIterable<Record<string, unknown>>, locale: Locale) {
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: t(locale, c.header), width: c.width }));
  sheet.getRow(1).font = BOLD;
  sheet.getRow(1).commit();
  for await (const row of rows) sheet.addRow(columns.map((c) => c.cell(row, locale))).commit();
  sheet.commit();
}

/** Streams the workbook into the returned body; a failure mid-way ends the body with the error. */
export function writeWorkbook(db: Db, auditId: string, plantId: string, summary: Summary, sql: { modules: string; defects: string }, locale: Locale): PassThrough {
  const body = new PassThrough();
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: body, useStyles: true, useSharedStrings: false });
  book.creator = 'Calepin';
  void (async () => {
    const first = book.addWorksheet(t(locale, 'x.sheet.summary'));
    first.columns = [{ width: 26 }, { width: 30 }, { width: 10 }];
    const inspected = Object.values(summary.byStatus).reduce((a, b) => a + b, 0);
    const facts: [string, ExcelJS.CellValue][] = [
      [t(locale, 'x.plant'), summary.plant],
      [t(locale, 'x.client'), summary.client],
      [t(locale, 'x.audit'), t(locale, `audit.${summary.auditType}` as 'audit.el')],
      [t(locale, 'x.started'), summary.startedAt],
      [t(locale, 'x.finished'), summary.finishedAt],
      [t(locale, 'x.validated'), summary.validatedAt],
      [t(locale, 'x.modules_total'), summary.total],
      [t(locale, 'x.modules_inspected'), inspected],
      [t(locale, 'x.exported'), new Date()],
    ];
    for (const [label, value] of facts) {
      const row = first.addRow([label, value]);
      row.getCell(1).font = BOLD;
      row.commit();
    }
    first.addRow([]).commit();
    const head = first.addRow([t(locale, 'x.status'), t(locale, 'x.count'), t(locale, 'x.share')]);
    head.font = BOLD;
    head.commit();
    const counts: Record<string, number> = { ...summary.byStatus, pending: summary.total - inspected };
    for (const status of MAP_STATUSES) {
      const n = counts[status] ?? 0;
      const row = first.addRow([t(locale, `status.${status}`), n, summary.total ? n / summary.total : 0]);
      row.getCell(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(STATUS_COLORS[status]) } };
      row.getCell(1).font = { color: { argb: ['dead', 'not_connected', 'string_open'].includes(status) ? 'FFFFFFFF' : 'FF111827' } };
      row.getCell(3).numFmt = '0.0%';
      row.commit();
    }
    first.commit();
    await sheetOf(book, t(locale, 'x.sheet.modules'), MODULE_COLUMNS, streamRows(db, sql.modules, [auditId, plantId]), locale);
    await sheetOf(book, t(locale, 'x.sheet.defects'), DEFECT_COLUMNS, streamRows(db, sql.defects, [auditId]), locale);
    await book.commit();
  })().catch((error: Error) => body.destroy(error));
  return body;
}
