// Chat on a mission (docs/realtime.md §4): messages are synced rows (chat_messages); the
// back-office, which does not sync, writes them through the same change engine, so that
// they reach the tablets by the pull and every live view by the `changes` event. Read
// receipts are live state, kept in chat_reads.
import { t } from '@calepin/core';
import { ApiError } from '../http/errors';
import { edit } from '../sync/office';
import { type RtSocket, Refusal, type guard } from './guard';
import { type Hub, author } from './hub';
import { joined } from './missions';

export function chatHandlers(hub: Hub, socket: RtSocket, g: ReturnType<typeof guard>): void {
  const { data } = socket;

  g.on('chat:send', async ({ missionId, id, body, moduleId, photoId }) => {
    await joined(hub, socket, missionId);
    // A message sent again (no answer came, the screen retried) was sent once.
    const sent = await hub.db.query('select 1 from chat_messages where id = $1 and mission_id = $2 and author_id = $3', [id, missionId, data.user.id]);
    if (sent.rowCount) return;
    try {
      await edit(hub.db, data.user, missionId, [{
        table: 'chat_messages', key: { id }, op: 'create',
        values: { body, module_id: moduleId ?? null, photo_id: photoId ?? null, sent_at: new Date().toISOString() },
      }], data.user.locale);
    } catch (error) {
      // The engine's refusal (a module of another plant, an empty message…), said the same way.
      if (error instanceof ApiError && error.status < 500) {
        const code = error.status === 404 ? 'not_found' : error.status === 403 ? 'forbidden' : 'invalid';
        throw new Refusal(code, error.field, 'rt.refused', { message: error.text ?? t(data.user.locale, error.key, error.params) });
      }
      throw error;
    }
  });

  g.on('chat:read', async ({ missionId, messageId }) => {
    await joined(hub, socket, missionId);
    const { rows } = await hub.db.query<{ read_at: Date }>(
      `insert into chat_reads (mission_id, user_id, message_id)
       select $1, $2, c.id from chat_messages c where c.id = $3 and c.mission_id = $1 and c.deleted_at is null
       on conflict (mission_id, user_id) do update set message_id = excluded.message_id, read_at = now()
       returning read_at`,
      [missionId, data.user.id, messageId],
    );
    const read = rows[0];
    if (!read) throw new Refusal('not_found', 'messageId');
    await hub.publish(missionId, 'read', await author(hub, missionId, data.user), { userId: data.user.id, messageId, readAt: read.read_at.toISOString() });
  });
}
