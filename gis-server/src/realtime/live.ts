// Live annotations: what sync applied to a mission (syncEvents, the one place it happens)
// goes to the mission's room and the plant's, with the defects and module results as
// the maps draw them (docs/realtime.md §4, `changes`).
import { readFileSync } from 'node:fs';
import type { RtEventData, RtLiveDefect } from '@calepin/core';
import { type ChangesApplied, syncEvents } from '../sync/events';
import { userName } from './access';
import { chatMessages } from './chat-queries';
import { type Hub, author } from './hub';

const LIVE_SQL = readFileSync(new URL('./live.sql', import.meta.url), 'utf8');
/** A push of a thousand operations still makes one event; beyond this many rows the maps pull instead. */
const MAX_ROWS = 1000;

async function changesOf(hub: Hub, event: ChangesApplied): Promise<RtEventData['changes']> {
  const keys = event.keys ?? [];
  const defectIds = keys.filter((k) => k.table === 'defects').map((k) => String(k.key.id)).slice(0, MAX_ROWS);
  const moduleIds = keys.filter((k) => k.table === 'audit_modules').map((k) => String(k.key.module_id));
  const { rows } = await hub.db.query<{ kind: 'defect' | 'module'; row: Record<string, unknown> }>(LIVE_SQL, [event.missionId, defectIds, moduleIds]);
  const defects = rows.filter((r) => r.kind === 'defect').map((r) => r.row as unknown as RtLiveDefect);
  // The defects' modules too: their status is derived from their open defects.
  const more = defects.map((d) => d.moduleId).filter((id): id is string => id !== null && !moduleIds.includes(id));
  const extra = more.length ? (await hub.db.query<{ kind: string; row: Record<string, unknown> }>(LIVE_SQL, [event.missionId, [], more])).rows : [];
  const modules = [...rows.filter((r) => r.kind === 'module'), ...extra].map((r) => r.row as RtEventData['changes']['modules'][number]);
  const messageIds = keys.filter((k) => k.table === 'chat_messages').map((k) => String(k.key.id)).slice(0, MAX_ROWS);
  const messages = messageIds.length ? await chatMessages(hub, event.missionId, messageIds, MAX_ROWS) : [];
  return {
    origin: event.origin, tables: event.tables, applied: event.applied, conflicts: event.conflicts,
    defects, modules: modules.slice(0, MAX_ROWS), messages,
  };
}

/** Starts broadcasting sync's changes; returns the function that stops it. */
export function broadcastChanges(hub: Hub): () => void {
  const listener = (event: ChangesApplied) => {
    void (async () => {
      const data = await changesOf(hub, event);
      const by = await author(hub, event.missionId, { id: event.userId, fullName: await userName(hub.db, event.userId) });
      await hub.publish(event.missionId, 'changes', by, data, event.plantId);
    })().catch((error: unknown) => hub.log.error({ err: error, mission: event.missionId }, 'live changes not broadcast'));
  };
  syncEvents.on('applied', listener);
  return () => syncEvents.off('applied', listener);
}
