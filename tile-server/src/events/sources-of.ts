import { VECTOR_SOURCES } from '../sources';

/**
 * Which tile sources draw each table that notifies `layout_changes` (their SQL reads it):
 * a map showing none of them has nothing to refetch. A table not listed here touches
 * every source, to be safe.
 */
const DRAWN_BY: Readonly<Record<string, readonly string[]>> = {
  plants: ['plants'],
  zones: ['tables'],
  tables: ['tables', 'modules'],
  // Plant points carry module counts; defects carry their module's code.
  modules: ['modules', 'plants', 'defects'],
  // Modules carry their string's and inverter's codes.
  strings: ['strings', 'modules'],
  inverters: ['inverters', 'strings', 'modules'],
  junction_boxes: ['junction_boxes'],
  cables: ['cables'],
  defects: ['defects'],
  // Photos are in no tile.
  photos: [],
};

export function sourcesOf(table: string): readonly string[] {
  return DRAWN_BY[table] ?? VECTOR_SOURCES.map((s) => s.id);
}
