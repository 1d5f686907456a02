// The modules in numbering order, for EL night mode: string by string (S2 before S10), then
// by position in the string; modules outside any string after, by code. Sorted once per
// open package on keys whose numbers are zero-padded (S000002-M000012), a plain string sort
// (0.3 s for 250,000 modules) rather than a locale-aware compare per pair.
import type { Database } from '@sqlite.org/sqlite-wasm';
import { StoreError } from './types';

const pad = (text: string) => text.replace(/\d+/g, (digits) => digits.padStart(9, '0'));

export class NightOrder {
  private readonly ids: string[];
  private readonly codes: string[];
  private readonly index = new Map<string, number>();

  constructor(db: Database) {
    const rows = db.selectArrays('select id, code, string_code, position_in_string from modules') as [string, string, string | null, number | null][];
    const keyed = rows.map(([id, code, string, position]) => ({
      id, code,
      key: string ? `0${pad(string)}|${String(position ?? 0).padStart(9, '0')}|${pad(code)}` : `1${pad(code)}`,
    }));
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    this.ids = keyed.map((k) => k.id);
    this.codes = keyed.map((k) => k.code);
    this.ids.forEach((id, i) => this.index.set(id, i));
  }

  /** The module `delta` places after `moduleId` (the first module when none), clamped to the ends. */
  neighbour(moduleId: string | null, delta: number): { id: string; code: string; index: number; total: number } {
    if (!this.ids.length) throw new StoreError('not_found', 'this package has no module');
    const from = moduleId === null ? -1 : this.index.get(moduleId);
    if (from === undefined) throw new StoreError('not_found', `module ${moduleId} is not in this package`, 'moduleId');
    const index = Math.min(this.ids.length - 1, Math.max(0, (moduleId === null ? 0 : from) + (moduleId === null ? 0 : delta)));
    return { id: this.ids[index] as string, code: this.codes[index] as string, index, total: this.ids.length };
  }
}
