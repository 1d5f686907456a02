// The device's sync state (calepin_sync_state, docs/sync.md §3): device id, cursor, layout
// revision, the times of the last push and pull.
import type { Database } from '@sqlite.org/sqlite-wasm';

export function getState(db: Database, key: string): string | null {
  const value = db.selectValue('select value from calepin_sync_state where key = ?', [key]);
  return value === undefined || value === null ? null : String(value);
}

export function setState(db: Database, key: string, value: string): void {
  db.exec({
    sql: 'insert into calepin_sync_state (key, value) values (?, ?) on conflict (key) do update set value = excluded.value',
    bind: [key, value],
  });
}
