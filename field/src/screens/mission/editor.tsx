// What a mission's panels write through: the store (one transaction for a group of changes),
// then the map's tiles over what moved, the panels' data (a version number) and a sync soon.
import { createContext, useContext, type ReactNode } from 'react';
import type { DeviceStore } from '../../store/client';
import type { PackageSummary, Change, WriteResult } from '../../store/types';
import type { LocalChanges } from '../../map/local-changes';
import type { SyncEngine } from '../../sync/engine';

export interface Editor {
  store: DeviceStore;
  summary: PackageSummary;
  /** The audit the technician works on (its results colour the map). */
  audit: string | null;
  /** Grows with every write and pulled page: panels read again when it moves. */
  version: number;
  apply(changes: Change[]): Promise<WriteResult[]>;
}

const EditorContext = createContext<Editor | null>(null);

export function EditorProvider({ value, children }: { value: Editor; children: ReactNode }) {
  return <EditorContext.Provider value={value}>{children}</EditorContext.Provider>;
}

export function useEditor(): Editor {
  const value = useContext(EditorContext);
  if (!value) throw new Error('useEditor outside EditorProvider');
  return value;
}

/** Writes changes in one transaction, then tells the map what moved and asks for a sync. */
export async function applyChanges(
  store: DeviceStore, summary: PackageSummary, changes: LocalChanges, sync: SyncEngine, batch: Change[],
): Promise<WriteResult[]> {
  const results = batch.length === 1 ? [await store.write(batch[0] as Change)] : await store.writeAll(batch);
  const modules = [...new Set(results.flatMap((r) => r.statuses.map((s) => s.moduleId)))];
  const defects = batch.filter((c) => c.table === 'defects' && c.op !== 'delete').map((c) => c.key.id as string);
  const bbox = await store.read('bboxOf', { modules, defects });
  const [w, s, e, n] = summary.bounds;
  changes.changed(summary.plantId, batch[0]?.table ?? 'defects', bbox ?? summary.bounds, [(w + e) / 2, (s + n) / 2]);
  sync.kick();
  return results;
}
