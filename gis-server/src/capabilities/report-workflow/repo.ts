import { type ReportDetail, type Role, type SessionUser } from '@calepin/core';
import type { PlantOwner } from '../../access/plant';
import { type Queryable, sqlFile } from '../../db';
import { notFound } from '../../http/errors';
import { reportStore } from '../../storage/report-store';

/** The report PDFs' store (storage/report-store.ts), named here for the workflow's callers. */
export { reportStore };

const detailSql = sqlFile(import.meta.url, 'detail.sql');

/** The plant of `{reportId}`; a client sees its plants' reports once a version was sent ($2 is the client scope). */
export const reportPlant: PlantOwner = {
  param: 'reportId',
  of: 'report (with a sent version, for a client)',
  sql: `select r.plant_id from reports r where r.id = $1 and r.deleted_at is null
          and ($2::uuid is null or exists (select 1 from report_versions v where v.report_id = r.id and v.sent_at is not null))`,
};

/** Drafts (written by the render job) and signed versions share the `reports` namespace. */

export const VALIDATORS: readonly Role[] = ['admin', 'manager', 'technician'];
export const SENDERS: readonly Role[] = ['admin', 'manager'];

const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString());

export async function readReport(db: Queryable, id: string, user: SessionUser, filesDir: string): Promise<ReportDetail> {
  const { rows } = await db.query(detailSql, [id]);
  const r = rows[0];
  if (!r) throw notFound();
  const store = reportStore(filesDir);
  const ready = Boolean(r.draftSha256 && (await store.has(r.draftSha256)));
  const versions = (r.versions as Record<string, unknown>[]).map((v) => ({
    ...v, signedAt: iso(v.signedAt) as string, timestampedAt: iso(v.timestampedAt), sentAt: iso(v.sentAt), archivedAt: iso(v.archivedAt),
  })) as ReportDetail['versions'];
  // A client reads what was sent to it: the signed versions, not the office's drafts and mails.
  const client = user.role === 'client';
  return {
    id: r.id, plantId: r.plantId, plantName: r.plantName, clientName: r.clientName, auditId: r.auditId, missionId: r.missionId,
    title: r.title, language: r.language, status: r.status,
    draft: client ? { sha256: null, ready: false } : { sha256: r.draftSha256, ready },
    validatedBy: r.validatedBy, validatedAt: iso(r.validatedAt), sentAt: iso(r.sentAt), archivedAt: iso(r.archivedAt),
    createdAt: iso(r.createdAt) as string,
    versions: client ? versions.filter((v) => v.sentAt) : versions,
    history: client ? [] : (r.history as ReportDetail['history']).map((e) => ({ ...e, at: iso(e.at) as string })),
    mails: client ? [] : (r.mails as ReportDetail['mails']).map((m) => ({ ...m, sentAt: iso(m.sentAt) })),
    can: {
      validate: VALIDATORS.includes(user.role) && r.status === 'draft' && ready,
      send: SENDERS.includes(user.role) && (r.status === 'validated' || r.status === 'sent'),
      archive: SENDERS.includes(user.role) && r.status === 'sent',
    },
  };
}
