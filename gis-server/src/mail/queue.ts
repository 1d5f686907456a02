import type { Queryable } from '../db';
import type { Deps } from '../http/context';
import { FinalJobError } from '../jobs/queue';
import type { OutgoingMail } from './mailer';

export const MAIL_QUEUE = 'mail-send';

export interface MailRow {
  id: string;
  topic: string;
  topicId: string;
  userId: string | null;
  email: string;
  kind: string;
  detail: Record<string, unknown>;
  attempts: number;
}

/** Builds the mail of a row; each topic (missions, later reports) brings its own. */
export type Composer = (deps: Deps, row: MailRow) => Promise<OutgoingMail>;

export interface NewMail {
  topic: 'mission' | 'report';
  topicId: string;
  userId: string | null;
  email: string;
  kind: string;
  detail?: Record<string, unknown>;
}

/**
 * Records mails and queues one job per mail: each recipient has its own status and
 * retries. Without SMTP the rows are kept as not_configured, so the UI can say that
 * nothing was sent.
 */
export async function queueMails(deps: Deps, mails: readonly NewMail[]): Promise<number> {
  let queued = 0;
  for (const mail of mails) {
    const status = deps.mailer.configured ? 'queued' : 'not_configured';
    const { rows } = await deps.db.query<{ id: string }>(
      `insert into mail_messages (topic, topic_id, user_id, email, kind, detail, status) values ($1, $2, $3, $4, $5, $6, $7) returning id`,
      [mail.topic, mail.topicId, mail.userId, mail.email, mail.kind, JSON.stringify(mail.detail ?? {}), status],
    );
    const id = (rows[0] as { id: string }).id;
    if (!deps.mailer.configured) continue;
    const jobId = await deps.jobs.send(MAIL_QUEUE, { mailId: id }, null);
    await deps.db.query('update mail_messages set job_id = $2 where id = $1', [id, jobId]);
    queued += 1;
  }
  return queued;
}

const selectRow = `select id, topic, topic_id as "topicId", user_id as "userId", email, kind, detail, attempts
                     from mail_messages where id = $1`;

/** The job that sends one mail: pg-boss retries a failed attempt; the row says how it went. */
export function mailJob(deps: Deps, composers: Record<string, Composer>) {
  return async (data: Record<string, unknown>) => {
    const { rows } = await deps.db.query<MailRow>(selectRow, [String(data.mailId)]);
    const row = rows[0];
    if (!row) throw new FinalJobError('the mail is gone');
    const compose = composers[row.topic];
    if (!compose) throw new FinalJobError(`no composer for ${row.topic}`);
    await setStatus(deps.db, row.id, 'sending', null, true);
    try {
      const messageId = await deps.mailer.send(await compose(deps, row));
      await deps.db.query(`update mail_messages set status = 'sent', sent_at = now(), error = null, message_id = $2 where id = $1`, [row.id, messageId]);
      return { sent: row.email };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Failed for now: the next attempt (if any) sets it back to sending.
      await setStatus(deps.db, row.id, 'failed', message.slice(0, 2000), false);
      throw error;
    }
  };
}

async function setStatus(db: Queryable, id: string, status: string, error: string | null, attempt: boolean): Promise<void> {
  await db.query(
    `update mail_messages set status = $2, error = coalesce($3, error), attempts = attempts + $4::int where id = $1`,
    [id, status, error, attempt ? 1 : 0],
  );
}

/** The mails about one thing, newest first, with their status. */
export async function mailsAbout(db: Queryable, topic: string, topicId: string) {
  const { rows } = await db.query(
    `select m.id, coalesce(u.full_name, m.email) as "user", m.email, m.kind, m.status,
            (m.detail ->> 'version')::int as "documentVersion", m.attempts, m.error, m.created_at as "createdAt", m.sent_at as "sentAt"
       from mail_messages m left join users u on u.id = m.user_id
      where m.topic = $1 and m.topic_id = $2
      order by m.created_at desc, m.email limit 500`,
    [topic, topicId],
  );
  return rows;
}
