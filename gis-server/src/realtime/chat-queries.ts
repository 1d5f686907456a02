// The chat as the live views read it: the last messages of a mission, or some by id, and
// the read receipts.
import { readFileSync } from 'node:fs';
import type { RtChatMessage, RtChatRead } from '@calepin/core';
import type { Hub } from './hub';

const CHAT_SQL = readFileSync(new URL('./chat.sql', import.meta.url), 'utf8');
export const CHAT_IN_STATE = 50;

export async function chatMessages(hub: Hub, missionId: string, ids: string[] | null, limit = CHAT_IN_STATE): Promise<RtChatMessage[]> {
  const { rows } = await hub.db.query<RtChatMessage & { created_at?: unknown }>(CHAT_SQL, [missionId, ids, limit]);
  return rows.map(({ created_at: _, ...message }) => message);
}

export async function chatReads(hub: Hub, missionId: string): Promise<RtChatRead[]> {
  const { rows } = await hub.db.query<RtChatRead>(
    `select user_id as "userId", message_id as "messageId", to_json(read_at)#>>'{}' as "readAt"
       from chat_reads where mission_id = $1`,
    [missionId],
  );
  return rows;
}
