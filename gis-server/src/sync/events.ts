// The one place where "changes were applied to mission X" happens: after a push or an
// office edit commits. Real-time (issue 17) hooks its Socket.IO rooms here; nothing
// listens yet.
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
}

export const syncEvents = new EventEmitter<{ applied: [ChangesApplied] }>();

export function changesApplied(event: ChangesApplied): void {
  if (event.applied > 0) syncEvents.emit('applied', event);
}
