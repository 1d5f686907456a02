// The one place where "changes were applied to mission X" happens: after a push or an
// office edit commits. Real-time (gis-server/src/realtime/live.ts) broadcasts it to the
// mission's and the plant's rooms.
import { EventEmitter } from 'node:events';
import type { SyncTableName } from '@calepin/core/sync';

export interface ChangesApplied {
  missionId: string;
  plantId: string;
  userId: string;
  /** Tables with at least one operation applied. */
  tables: SyncTableName[];
  /** Operations applied (or applied with a conflict). */
  applied: number;
  conflicts: number;
  origin: 'push' | 'api';
  /** The keys of the rows written (applied or with a conflict), per table: what the live maps redraw. */
  keys?: { table: SyncTableName; key: Record<string, unknown> }[];
}

export const syncEvents = new EventEmitter<{ applied: [ChangesApplied] }>();

export function changesApplied(event: ChangesApplied): void {
  if (event.applied > 0) syncEvents.emit('applied', event);
}
