import type { Point } from './frame';

export type NumberingOrder = 'row' | 'serpentine';

/** A module as numbering and automatic strings see it. */
export interface LayoutModule {
  id: string;
  /** The module's table (null: a module placed alone, numbered as a table of its own). */
  tableId: string | null;
  row: number | null;
  column: number | null;
  /** Centre in the plant's projected CRS, metres: orders tables and loose modules. */
  center: Point;
  stringId?: string | null;
  positionInString?: number | null;
}

/** The placeholders a numbering scheme may use. */
export const NUMBERING_PLACEHOLDERS = ['table', 'row', 'col', 'string', 'index', 'n'] as const;
export const NUMBERING_SCHEMES = { string: 'S{string}-M{index}', table: 'T{table}-R{row}-C{col}' } as const;

/** Whether a scheme only uses known placeholders and tells every module apart. */
export function checkScheme(scheme: string): 'ok' | 'unknown_placeholder' | 'not_unique' {
  const names = [...scheme.matchAll(/\{(\w*)\}/g)].map((m) => m[1] as string);
  if (names.some((n) => !(NUMBERING_PLACEHOLDERS as readonly string[]).includes(n))) return 'unknown_placeholder';
  const has = (n: string) => names.includes(n);
  const unique = has('n') || (has('string') && has('index')) || (has('table') && has('row') && has('col'));
  return unique ? 'ok' : 'not_unique';
}

/** Tolerance when grouping tables into rows: centres this close (metres) up the slope are one row. */
const ROW_TOLERANCE_M = 1.5;

/**
 * Modules in reading order: tables from north to south (rows of tables whose centres
 * lie within 1.5 m), west to east; inside a table, row 1 first, then row 2…, each row
 * left to right (`row`), or every other row right to left (`serpentine`).
 */
export function orderModules<M extends LayoutModule>(modules: M[], order: NumberingOrder): M[][] {
  const groups = new Map<string, M[]>();
  for (const m of modules) {
    const key = m.tableId ?? `module:${m.id}`;
    const group = groups.get(key);
    if (group) group.push(m);
    else groups.set(key, [m]);
  }
  const tables = [...groups.values()].map((members) => {
    const n = members.length;
    const center: Point = [
      members.reduce((s, m) => s + m.center[0], 0) / n,
      members.reduce((s, m) => s + m.center[1], 0) / n,
    ];
    const sorted = [...members].sort((a, b) => {
      const ra = a.row ?? 1;
      const rb = b.row ?? 1;
      if (ra !== rb) return ra - rb;
      const dir = order === 'serpentine' && ra % 2 === 0 ? -1 : 1;
      return dir * ((a.column ?? 1) - (b.column ?? 1));
    });
    return { center, sorted };
  });
  tables.sort((a, b) => b.center[1] - a.center[1]);
  const rows: (typeof tables)[] = [];
  for (const table of tables) {
    const last = rows[rows.length - 1];
    if (last && Math.abs((last[0] as (typeof tables)[number]).center[1] - table.center[1]) <= ROW_TOLERANCE_M) last.push(table);
    else rows.push([table]);
  }
  return rows.flatMap((row) => row.sort((a, b) => a.center[0] - b.center[0]).map((t) => t.sorted));
}

/**
 * Codes for modules from a scheme: {table} the table's number in reading order, {row}
 * and {col} the module's row and column in its table, {string} the string's number (in
 * the order its first module comes), {index} the position in the string (or the running
 * number when the module has no string), {n} the running number.
 */
export function numberModules(modules: LayoutModule[], scheme: string, order: NumberingOrder): Map<string, string> {
  const tables = orderModules(modules, order);
  const stringNumbers = new Map<string, number>();
  const codes = new Map<string, string>();
  let n = 0;
  tables.forEach((members, t) => {
    for (const m of members) {
      n++;
      let stringNumber = '';
      if (m.stringId) {
        if (!stringNumbers.has(m.stringId)) stringNumbers.set(m.stringId, stringNumbers.size + 1);
        stringNumber = String(stringNumbers.get(m.stringId));
      }
      const values: Record<string, string> = {
        table: String(t + 1),
        row: String(m.row ?? 1),
        col: String(m.column ?? 1),
        string: stringNumber || '0',
        index: String(m.stringId && m.positionInString ? m.positionInString : n),
        n: String(n),
      };
      codes.set(m.id, scheme.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? ''));
    }
  });
  return codes;
}

/** The numbers given to strings by numberModules: first module's order. */
export function stringOrder(modules: LayoutModule[], order: NumberingOrder): string[] {
  const seen: string[] = [];
  for (const m of orderModules(modules, order).flat()) if (m.stringId && !seen.includes(m.stringId)) seen.push(m.stringId);
  return seen;
}
