// The steps after the draft, each one transaction that checks the report's status first:
// validate (sign: a new immutable version), send (mails queued), archive (frozen).
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { type MessageKey, type SessionUser, t } from '@calepin/core';
import type { PoolClient } from 'pg';
import { transaction } from '../../db';
import type { Deps } from '../../http/context';
import { ApiError, badRequest, conflict, notFound } from '../../http/errors';
import { queueMails } from '../../mail/queue';
import { describeP12 } from './certificate';
import { reportStore } from './repo';
import { NotAPng, type Signed, signReport } from './sign';
import { TimestampError } from './timestamp';

interface Locked { id: string; plant_id: string; status: string; sha256: string | null; title: string; language: 'fr' | 'en' }

const refuse = (status: string, action: 'validated' | 'sent' | 'archived', locale: 'fr' | 'en') =>
  conflict('report_status', 'e.report_status', { status: t(locale, `report.action.${status}` as MessageKey) || status, action: t(locale, `report.action.${action}`) });

async function lock(tx: PoolClient, id: string): Promise<Locked> {
  const { rows } = await tx.query<Locked>(
    'select id, plant_id, status, sha256, title, language from reports where id = $1 and deleted_at is null for update', [id]);
  if (!rows[0]) throw notFound();
  return rows[0];
}

async function event(tx: PoolClient, r: Locked, action: string, version: number | null, actor: string, detail: object = {}) {
  await tx.query('insert into report_events (report_id, plant_id, version, action, actor_id, detail) values ($1, $2, $3, $4, $5, $6)',
    [r.id, r.plant_id, version, action, actor, detail]);
}

async function certificate(deps: Deps) {
  const signing = deps.config.reportSigning;
  if (!signing) throw new ApiError(503, 'signing_not_configured', { key: 'e.signing_not_configured' });
  try {
    const p12 = await readFile(signing.p12Path);
    return { p12, passphrase: signing.passphrase, ...describeP12(p12, signing.passphrase) };
  } catch (error) {
    deps.log.error({ err: error }, 'report signing certificate unreadable');
    throw new ApiError(503, 'signing_certificate', { key: 'e.signing_certificate', params: { why: (error as Error).message.slice(0, 200) } });
  }
}

export async function validateReport(deps: Deps, id: string, dataUrl: string, user: SessionUser, locale: 'fr' | 'en') {
  const cert = await certificate(deps);
  const png = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  return transaction(deps.db, async (tx) => {
    const r = await lock(tx, id);
    if (r.status !== 'draft') throw refuse(r.status, 'validated', locale);
    const store = reportStore(deps.config.filesDir);
    const draftFile = r.sha256 ? await store.has(r.sha256) : null;
    if (!r.sha256 || !draftFile) throw conflict('report_no_draft', 'e.report_no_draft');
    const draft = await readFile(store.path(r.sha256));
    const at = new Date();
    let signed: Signed;
    try {
      signed = await signReport(draft, {
        png, signer: user.fullName, at, company: deps.config.company.name, location: deps.config.company.name,
        reason: t(r.language, 'report.sign_reason'), p12: cert.p12, passphrase: cert.passphrase, tsa: deps.config.reportTimestamp ?? null,
      });
    } catch (error) {
      if (error instanceof NotAPng) throw badRequest('signature_not_png', 'e.signature_not_png', {}, 'signature');
      if (error instanceof TimestampError) {
        deps.log.warn({ err: error, tsa: deps.config.reportTimestamp?.url }, 'time-stamping authority gave no stamp');
        throw new ApiError(503, 'timestamp_unavailable', { key: 'e.timestamp_unavailable', params: { why: error.message.slice(0, 200) } });
      }
      throw error;
    }
    const stamp = signed.timestamp;
    const stored = await store.put(Readable.from(signed.pdf));
    const { rows } = await tx.query<{ version: number }>(
      `insert into report_versions (report_id, version, document_key, sha256, size_bytes, draft_sha256, signed_by, signed_at, certificate_subject,
                                    timestamped_at, timestamp_authority)
       select $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10 from report_versions where report_id = $1
       returning version`,
      [id, store.key(stored.sha256), stored.sha256, stored.size, r.sha256, user.id, at, cert.subject, stamp?.at ?? null, stamp?.authority ?? null],
    );
    const version = (rows[0] as { version: number }).version;
    const drawn = createHash('sha256').update(png).digest('hex');
    await tx.query(
      `update reports set status = 'validated', validated_by = $2, validated_at = $3, signature = $4 where id = $1`,
      [id, user.id, at, { version, sha256: stored.sha256, certificate: cert.subject, drawnSignatureSha256: drawn,
        timestamp: stamp && { at: stamp.at, authority: stamp.authority, serial: stamp.serial } }],
    );
    await event(tx, r, 'validated', version, user.id, {
      sha256: stored.sha256, certificate: cert.subject, ...(stamp && { timestampedAt: stamp.at, timestampAuthority: stamp.authority }),
    });
  });
}

export async function sendReport(deps: Deps, id: string, body: { recipients: string[]; attach: boolean; message?: string | null }, user: SessionUser, locale: 'fr' | 'en') {
  if (!deps.mailer.configured) throw new ApiError(503, 'mail_not_configured', { key: 'e.mail_not_configured' });
  const recipients = [...new Set(body.recipients.map((e) => e.toLowerCase()))];
  const version = await transaction(deps.db, async (tx) => {
    const r = await lock(tx, id);
    if (r.status !== 'validated' && r.status !== 'sent') throw refuse(r.status, 'sent', locale);
    const { rows } = await tx.query<{ version: number }>(
      `update report_versions set sent_at = now(), sent_to = array(select distinct unnest(coalesce(sent_to, '{}') || $2::text[]))
        where report_id = $1 and version = (select max(version) from report_versions where report_id = $1) returning version`,
      [id, recipients],
    );
    const v = (rows[0] as { version: number }).version;
    await tx.query(
      `update reports set status = 'sent', sent_at = now(), sent_to = array(select distinct unnest(coalesce(sent_to, '{}') || $2::text[])) where id = $1`,
      [id, recipients]);
    await event(tx, r, 'sent', v, user.id, { recipients, attach: body.attach });
    return v;
  });
  await queueMails(deps, recipients.map((email) => ({
    topic: 'report' as const, topicId: id, userId: null, email, kind: 'report',
    detail: { version, attach: body.attach, message: body.message ?? null },
  })));
}

export async function archiveReport(deps: Deps, id: string, user: SessionUser, locale: 'fr' | 'en') {
  await transaction(deps.db, async (tx) => {
    const r = await lock(tx, id);
    if (r.status !== 'sent') throw refuse(r.status, 'archived', locale);
    const { rows } = await tx.query<{ version: number; sha256: string }>(
      `update report_versions set archived_at = now(), archived_by = $2
        where report_id = $1 and version = (select max(version) from report_versions where report_id = $1) returning version, sha256`,
      [id, user.id]);
    const v = rows[0] as { version: number; sha256: string };
    await tx.query(`update reports set status = 'archived', archived_at = now() where id = $1`, [id]);
    await event(tx, r, 'archived', v.version, user.id, { sha256: v.sha256 });
  });
}
