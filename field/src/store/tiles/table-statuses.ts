// Each table's modules counted by status, per map mode: what the mid-zoom tiles draw a table
// in (the majority, as the tile-server's patches), the legend counts and the plant point's
// counts. Counted once per mode over all modules (one grouped scan, about 0.5 s for 250,000
// modules in the browser), then kept true table by table as writes and pulls touch modules.
import type { Database } from '@sqlite.org/sqlite-wasm';
import { MAP_STATUSES, type MapStatus } from '@calepin/core';
import type { StatusCounts, TileMode } from '../types';
import { statusSql } from './build';

type Counts = Partial<Record<MapStatus, number>>;
const NO_TABLE = '';

const zero = (): StatusCounts => Object.fromEntries(MAP_STATUSES.map((s) => [s, 0])) as StatusCounts;
const modeKey = (mode: TileMode) => mode.audit ?? '*';

/** The most frequent status; ties go to the first in alphabetical order, as PostgreSQL's mode() does. */
function majorityOf(counts: Counts): MapStatus | null {
  let best: MapStatus | null = null;
  for (const status of [...MAP_STATUSES].sort()) {
    const n = counts[status] ?? 0;
    if (n > 0 && (best === null || n > (counts[best] ?? 0))) best = status;
  }
  return best;
}

export class TableStatuses {
  private readonly modes = new Map<string, Map<string, Counts>>();

  constructor(private readonly db: Database) {}

  private tablesOf(mode: TileMode, tableIds?: string[]): Map<string, Counts> {
    const status = statusSql(mode);
    // The table ids as they are (m.table_id's index serves them; a coalesce around it made
    // every write scan all the modules), modules outside any table asked for apart.
    const named = tableIds?.filter((id) => id !== NO_TABLE) ?? [];
    const where = !tableIds ? ''
      : `where m.table_id in (${named.map(() => '?').join(', ')})${tableIds.includes(NO_TABLE) ? ' or m.table_id is null' : ''}`;
    const rows = this.db.selectObjects(
      `select coalesce(m.table_id, '') as table_id, ${status.sql} as status, count(*) as n from modules m ${where} group by 1, 2`,
      // Positional: the named $audit of the status expression, then the table ids.
      tableIds ? [...(mode.audit ? [mode.audit] : []), ...named] : mode.audit ? { $audit: mode.audit } : undefined,
    );
    const tables = new Map<string, Counts>();
    for (const r of rows) {
      const id = String(r.table_id);
      const counts = tables.get(id) ?? {};
      counts[String(r.status) as MapStatus] = Number(r.n);
      tables.set(id, counts);
    }
    return tables;
  }

  private ensure(mode: TileMode): Map<string, Counts> {
    const key = modeKey(mode);
    let tables = this.modes.get(key);
    if (!tables) this.modes.set(key, (tables = this.tablesOf(mode)));
    return tables;
  }

  majority(mode: TileMode, tableId: string): MapStatus | null {
    const counts = this.ensure(mode).get(tableId);
    return counts ? majorityOf(counts) : null;
  }

  counts(mode: TileMode): StatusCounts {
    const total = zero();
    for (const counts of this.ensure(mode).values()) for (const [s, n] of Object.entries(counts)) total[s as MapStatus] += n;
    return total;
  }

  /** Modules changed status: their tables are counted again in every mode already counted. */
  refresh(moduleIds: string[]): void {
    if (!moduleIds.length || !this.modes.size) return;
    const tableIds = new Set<string>();
    for (let i = 0; i < moduleIds.length; i += 500) {
      const chunk = moduleIds.slice(i, i + 500);
      for (const t of this.db.selectValues(`select coalesce(table_id, '') from modules where id in (${chunk.map(() => '?').join(', ')})`, chunk)) {
        tableIds.add(String(t));
      }
    }
    const ids = [...tableIds];
    for (const [key, tables] of this.modes) {
      const mode: TileMode = { audit: key === '*' ? null : key };
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        for (const id of chunk) tables.delete(id);
        for (const [id, counts] of this.tablesOf(mode, chunk)) tables.set(id, counts);
      }
    }
  }

  /** Everything counted again on next use (a pull that moved many rows). */
  reset(): void {
    this.modes.clear();
  }
}

export { NO_TABLE };
