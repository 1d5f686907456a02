import { type Locale, t } from '@calepin/core';
import type { Deps } from '../../http/context';
import type { OutgoingMail } from '../../mail/mailer';
import type { MailRow } from '../../mail/queue';
import { reportStore } from './repo';

/** Up to this size the signed PDF travels attached; past it, as a link (mail servers refuse big messages). */
export const ATTACH_LIMIT_BYTES = 15 * 1024 * 1024;

async function buffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** The mail of a sent report, in the report's language: the signed version attached or linked. */
export async function composeReportMail(deps: Deps, row: MailRow): Promise<OutgoingMail> {
  const version = Number(row.detail.version);
  const { rows } = await deps.db.query<{
    title: string; language: Locale; plant: string; sha256: string; size: number; signer: string; signedAt: Date;
  }>(
    `select r.title, r.language, p.name as plant, v.sha256, v.size_bytes::int as size, u.full_name as signer, v.signed_at as "signedAt"
       from reports r join plants p on p.id = r.plant_id
       join report_versions v on v.report_id = r.id and v.version = $2 join users u on u.id = v.signed_by
      where r.id = $1`,
    [row.topicId, version],
  );
  const r = rows[0];
  if (!r) throw new Error(`report ${row.topicId} version ${version} is gone`);
  const locale = r.language;
  const date = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(r.signedAt);
  const page = `${deps.config.publicUrl}/reports/${row.topicId}`;
  const download = `${deps.config.publicUrl}/api/v1/reports/${row.topicId}/versions/${version}/pdf`;
  const attach = row.detail.attach !== false && r.size <= ATTACH_LIMIT_BYTES;
  const file = attach ? await reportStore(deps.config.filesDir).open(r.sha256) : null;
  const message = typeof row.detail.message === 'string' ? row.detail.message : null;
  const text = [
    ...(message ? [message, ''] : []),
    t(locale, 'mail.report.body', { plant: r.plant, signer: r.signer, date, version }), '',
    file ? t(locale, 'mail.report.attached') : t(locale, 'mail.report.linked', { url: download }),
    t(locale, 'mail.report.online', { url: page }),
    t(locale, 'mail.report.sha', { sha256: r.sha256 }), '',
    deps.config.company.name,
  ].join('\n');
  const safe = r.plant.normalize('NFKD').replace(/[^\w.-]+/g, '_').slice(0, 60);
  return {
    to: row.email,
    subject: t(locale, 'mail.report.subject', { plant: r.plant, title: r.title }),
    text,
    attachments: file ? [{ filename: `${safe}-v${version}.pdf`, content: await buffer(file.stream), contentType: 'application/pdf' }] : [],
  };
}
