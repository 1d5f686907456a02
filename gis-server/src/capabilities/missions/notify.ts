import type { Queryable } from '../../db';
import type { Deps } from '../../http/context';
import { FinalJobError } from '../../jobs/queue';
import { queueMails } from '../../mail/queue';
import { recordEvent } from './events';
import { renderOrder } from './order/render';

export const ORDER_QUEUE = 'mission-order';
export type MailKind = 'planned' | 'changed' | 'cancelled';
type Status = 'draft' | 'planned' | 'in_progress' | 'done' | 'cancelled';

/** Which mail a status change sends the team: the plan, its cancellation, or none. */
export function mailOnStatus(from: Status, to: Status): MailKind | null {
  if (to === 'planned' && from === 'draft') return 'planned';
  if (to === 'cancelled' && (from === 'planned' || from === 'in_progress')) return 'cancelled';
  return null;
}

/** An edit of a mission the team already has in its calendar is a change to tell them. */
export const mailOnEdit = (status: string): MailKind | null => (status === 'planned' || status === 'in_progress' ? 'changed' : null);

/**
 * The in-app notifications of a change, for the team (and for members just removed:
 * cancelled). A change is news of the plan itself to a member who was never told of the
 * mission, or whose last word of it was its cancellation: a member just added hears
 * "planned", not "changed".
 */
export async function notifyTeam(db: Queryable, missionId: string, kind: MailKind, actorId: string | null, removed: readonly string[] = []): Promise<void> {
  await db.query(
    `insert into notifications (user_id, kind, mission_id, params)
     select u.user_id,
            case when $2 = 'changed' and coalesce(
                   (select n.kind from notifications n where n.mission_id = mi.id and n.user_id = u.user_id
                     order by n.created_at desc, n.id desc limit 1), 'mission_cancelled') = 'mission_cancelled'
                 then 'mission_planned' else u.kind end,
            mi.id, json_build_object('reference', mi.reference, 'title', mi.title)
       from missions mi,
            lateral (select mm.user_id, 'mission_' || $2 as kind from mission_members mm
                      where mm.mission_id = mi.id and mm.deleted_at is null
                     union select r, 'mission_cancelled' from unnest($4::uuid[]) r) u
      where mi.id = $1 and u.user_id is distinct from $3`,
    [missionId, kind, actorId, removed],
  );
}

/** After a change is saved: a new mission order, then the mails (when the change is one to tell). */
export async function queueOrder(deps: Deps, missionId: string, plantId: string, kind: MailKind | null, removed: readonly string[] = []): Promise<{ configured: boolean; queued: number }> {
  await deps.jobs.send(ORDER_QUEUE, { missionId, kind, removed, queuedAt: new Date().toISOString() }, plantId);
  const { rows } = await deps.db.query<{ n: number }>(
    `select count(*)::int as n from mission_members where mission_id = $1 and deleted_at is null`, [missionId]);
  return { configured: deps.mailer.configured, queued: kind ? (rows[0]?.n ?? 0) + removed.length : 0 };
}

const STRENGTH: Record<MailKind, number> = { changed: 0, planned: 1, cancelled: 2 };

/**
 * A burst of changes (a slot dragged, then the status) renders one order, not one per
 * change: a job that finds a later one for the same mission still waiting hands it its
 * mails (the stronger kind wins: cancelled > planned > changed) and stops. The waiting
 * job is read and updated in pg-boss's own table (schema pgboss, v10), in one statement.
 */
async function handedOver(deps: Deps, missionId: string, queuedAt: string | undefined, kind: MailKind | null, removed: readonly string[]): Promise<boolean> {
  if (!queuedAt) return false;
  const { rows } = await deps.db.query<{ id: string; data: { kind: MailKind | null; removed?: string[] } }>(
    `select id, data from pgboss.job
      where name = $1 and state in ('created', 'retry') and data ->> 'missionId' = $2 and (data ->> 'queuedAt') > $3
      order by data ->> 'queuedAt' desc limit 1`,
    [ORDER_QUEUE, missionId, queuedAt]);
  const later = rows[0];
  if (!later) return false;
  if (kind) {
    const theirs = later.data.kind;
    const merged = theirs && STRENGTH[theirs] >= STRENGTH[kind] ? theirs : kind;
    const { rowCount } = await deps.db.query(
      `update pgboss.job set data = data || $2::jsonb where id = $1 and state in ('created', 'retry')`,
      [later.id, JSON.stringify({ kind: merged, removed: [...new Set([...(later.data.removed ?? []), ...removed])] })]);
    if (!rowCount) return false;
  }
  return true;
}

/**
 * The job behind queueOrder. The PDF is tried twice; if it still fails the mails go
 * without it (with the last version rendered, if any) and the job is marked failed: a
 * mission is never held back by its PDF.
 */
export function orderJob(deps: Deps) {
  return async (data: Record<string, unknown>) => {
    const missionId = String(data.missionId);
    const kind = (data.kind ?? null) as MailKind | null;
    const removed = (data.removed ?? []) as string[];
    if (await handedOver(deps, missionId, data.queuedAt as string | undefined, kind, removed)) return { skipped: 'a later change renders it' };
    let version: number | null = null;
    let failure: unknown = null;
    for (let attempt = 0; attempt < 2 && version === null && deps.config.printOrders; attempt += 1) {
      try {
        version = (await renderOrder(deps, missionId)).version;
      } catch (error) {
        failure = error;
        deps.log.warn({ err: error, mission: missionId, attempt }, 'mission order not rendered');
      }
    }
    if (version !== null) await recordEvent(deps.db, missionId, 'document', null, { version });
    if (kind) {
      // As for the notifications: a change is the plan itself to a member never mailed of
      // the mission (just added to the team), or last mailed of its cancellation.
      const { rows } = await deps.db.query<{ userId: string; email: string; removed: boolean; untold: boolean; version: number | null }>(
        `select u.id as "userId", u.email::text as email, not coalesce(mm.deleted_at is null, false) as removed,
                coalesce((select m.kind from mail_messages m where m.topic = 'mission' and m.topic_id = $1 and m.user_id = u.id
                           order by m.created_at desc, m.id desc limit 1), 'cancelled') = 'cancelled' as untold,
                (select max(version) from mission_documents d where d.mission_id = $1) as version
           from users u left join mission_members mm on mm.user_id = u.id and mm.mission_id = $1
          where (mm.deleted_at is null and mm.mission_id is not null) or u.id = any ($2::uuid[])`,
        [missionId, removed],
      );
      const kindFor = (r: { removed: boolean; untold: boolean }): MailKind =>
        r.removed ? 'cancelled' : kind === 'changed' && r.untold ? 'planned' : kind;
      await queueMails(deps, rows.map((r) => ({
        topic: 'mission' as const, topicId: missionId, userId: r.userId, email: r.email,
        kind: kindFor(r), detail: { version: r.version },
      })));
      await recordEvent(deps.db, missionId, 'mail', null, { kind, recipients: rows.length, smtp: deps.mailer.configured });
    }
    // Final: a retry would mail the team a second time.
    if (version === null && deps.config.printOrders) throw new FinalJobError(`the mission order could not be rendered: ${failure instanceof Error ? failure.message : String(failure)}`);
    return { version };
  };
}
