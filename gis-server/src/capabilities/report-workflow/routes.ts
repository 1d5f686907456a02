import { z } from 'zod';
import { ROLES, ReportDetail, ReportSend, ReportValidate, Uuid } from '@calepin/core';
import { clientScope } from '../../access/scope';
import { type RouteSpec, defineRoute } from '../../http/route';
import { ApiError } from '../../http/errors';
import { SENDERS, VALIDATORS, readReport, reportPlant, reportStore } from './repo';
import { archiveReport, sendReport, validateReport } from './workflow';
import { sendPdf } from '../../http/send-pdf';

const Params = z.object({ reportId: Uuid });
const VersionParams = Params.extend({ version: z.coerce.number().int().min(1).max(100_000) });

export const reportWorkflowRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/reports/{reportId}',
    tag: 'reports',
    summary: 'A report: its status, signed versions, history and mails',
    description: 'A client sees its plants’ reports once sent, and only their sent versions.',
    roles: ROLES,
    plant: reportPlant,
    params: Params,
    response: ReportDetail,
    handler: ({ params, user, deps }) => readReport(deps.db, params.reportId, user, deps.config.filesDir),
  }),
  defineRoute({
    method: 'post',
    path: '/reports/{reportId}/validate',
    tag: 'reports',
    summary: 'Validate a draft: stamp the drawn signature on its last page and sign the PDF with the company’s certificate',
    description: 'Makes the next signed version (immutable). The report must be a draft whose PDF is rendered. See docs/report-workflow.md.',
    roles: VALIDATORS,
    plant: reportPlant,
    params: Params,
    body: ReportValidate,
    response: ReportDetail,
    errors: [409, 503],
    async handler({ params, body, user, ctx, deps }) {
      await validateReport(deps, params.reportId, body.signature, user, ctx.state.locale);
      return readReport(deps.db, params.reportId, user, deps.config.filesDir);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/reports/{reportId}/send',
    tag: 'reports',
    summary: 'Send the latest signed version by e-mail (attached, or linked past 15 MB)',
    roles: SENDERS,
    plant: reportPlant,
    params: Params,
    body: ReportSend,
    response: ReportDetail,
    errors: [409, 503],
    async handler({ params, body, user, ctx, deps }) {
      await sendReport(deps, params.reportId, body, user, ctx.state.locale);
      return readReport(deps.db, params.reportId, user, deps.config.filesDir);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/reports/{reportId}/archive',
    tag: 'reports',
    summary: 'Archive the sent version: it can no longer change (a new draft makes a new version)',
    roles: SENDERS,
    plant: reportPlant,
    params: Params,
    response: ReportDetail,
    errors: [409],
    async handler({ params, user, ctx, deps }) {
      await archiveReport(deps, params.reportId, user, ctx.state.locale);
      return readReport(deps.db, params.reportId, user, deps.config.filesDir);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/reports/{reportId}/versions/{version}/pdf',
    tag: 'reports',
    summary: 'A signed version of a report, byte for byte (its SHA-256 in the ETag)',
    roles: ROLES,
    plant: reportPlant,
    params: VersionParams,
    produces: 'application/pdf',
    async handler({ params, user, ctx, deps }) {
      const { rows } = await deps.db.query<{ sha256: string; plant: string }>(
        `select v.sha256, p.name as plant from report_versions v join reports r on r.id = v.report_id join plants p on p.id = r.plant_id
          where v.report_id = $1 and v.version = $2 and ($3::uuid is null or v.sent_at is not null)`,
        [params.reportId, params.version, clientScope(user)]);
      const row = rows[0];
      const file = row ? await reportStore(deps.config.filesDir).open(row.sha256) : null;
      if (!row || !file) throw new ApiError(404, 'not_found', { key: 'e.report_no_version', params: { version: params.version } });
      ctx.set('ETag', `"${row.sha256}"`);
      sendPdf(ctx, file, `${row.plant.normalize('NFKD').replace(/[^\w.-]+/g, '_').slice(0, 60)}-v${params.version}.pdf`, 'attachment');
    },
  }),
];
