import { type LayoutModule, type NumberingOrder, orderModules } from './numbering';

export interface AutoStrings {
  /** Module ids of each string, in wiring order (position 1 first). */
  strings: string[][];
  /** Modules left over at the end (fewer than a string), not wired. */
  unassigned: string[];
}

/**
 * Strings of `perString` consecutive modules along the rows, tables in reading order
 * (see orderModules); a string may continue on the next table. What is left at the end
 * (fewer than `perString`) stays without a string.
 */
export function autoStrings(modules: LayoutModule[], perString: number, order: NumberingOrder): AutoStrings {
  if (!Number.isInteger(perString) || perString < 1) throw new RangeError('perString must be a positive integer');
  const ordered = orderModules(modules, order).flat().map((m) => m.id);
  const full = Math.floor(ordered.length / perString) * perString;
  const strings: string[][] = [];
  for (let i = 0; i < full; i += perString) strings.push(ordered.slice(i, i + perString));
  return { strings, unassigned: ordered.slice(full) };
}
