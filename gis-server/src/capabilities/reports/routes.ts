// The audit's statistics and the reports' drafts (issue 18: this half; the workflow after
// the draft — validate, sign, send, archive, versions — and GET /reports/{id} are the
// "deliver" half). A draft is rendered by a job (render/render.ts); an edit of its
// sections renders it again.
import { z } from 'zod';
import { AuditStatistics, ROLES, Report, ReportCreate, ReportSections, Uuid, t } from '@calepin/core';
import { STAFF, clientScope } from '../../access/scope';
import { type PlantOwner, auditPlant } from '../../access/plant';
import { sqlFile, transaction } from '../../db';
import { ApiError, conflict, notFound } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';
import { visibleAudit } from './access';
import { REPORT_QUEUE, reportStore } from './render/render';
import { auditFigures } from './statistics/index';
import { sendPdf } from '../../http/send-pdf';

const reportsSql = sqlFile(import.meta.url, 'reports.sql');

const reportPlant: PlantOwner = { param: 'reportId', of: 'report', sql: 'select plant_id from reports where id = $1 and deleted_at is null' };

const AuditParams = z.object({ auditId: Uuid });
const PlantParams = z.object({ plantId: Uuid });
const ReportParams = z.object({ reportId: Uuid });
/** What a client user sees of reports: the ones sent to them. */
const CLIENT_STATUSES = ['sent', 'archived'];

const statusesFor = (scope: string | null) => (scope ? CLIENT_STATUSES : null);

export const reportRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get', path: '/audits/{auditId}/statistics', tag: 'reports',
    summary: 'An audit’s statistics: rates per table, string, inverter and zone, spatial clustering (Moran’s I, Gi*), row effects, comparison with the previous audit, losses in kWh and €/year, repairs ranked by money',
    description: 'docs/reports.md gives every method. A client user: the validated audits of its plants only.',
    roles: ROLES, plant: auditPlant, share: true, params: AuditParams, response: AuditStatistics,
    async handler({ params, user, deps }) {
      await visibleAudit(deps.db, params.auditId, user);
      return (await auditFigures(deps.db, params.auditId)).statistics;
    },
  }),
  defineRoute({
    method: 'post', path: '/audits/{auditId}/reports', tag: 'reports',
    summary: 'Create a draft report of an audit and render its PDF (a background job; GET /jobs/{id} follows it)',
    roles: STAFF, plant: auditPlant, params: AuditParams, body: ReportCreate, status: 202, errors: [409],
    response: z.object({ report: Report, jobId: Uuid }).meta({ id: 'ReportCreated' }),
    async handler({ params, body, user, ctx, deps }) {
      const audit = await visibleAudit(deps.db, params.auditId, user);
      const language = body.language ?? ctx.state.locale;
      if (!audit.inspected) throw conflict('report_audit_empty', 'e.report_audit_empty', {}, 'auditId');
      const mapPages = body.mapPages ?? 'inverter';
      if (mapPages === 'zone') {
        const { rowCount } = await deps.db.query(
          `select 1 from zones z join tables t on t.zone_id = z.id and t.deleted_at is null where z.plant_id = $1 and z.deleted_at is null limit 1`, [audit.plantId]);
        if (!rowCount) throw conflict('report_no_zones', 'e.report_no_zones', {}, 'mapPages');
      }
      const title = body.title ?? t(language, 'rp.default_title', { audit: t(language, `audit.${audit.auditType}` as 'audit.el'), plant: audit.plantName });
      return transaction(deps.db, async (tx) => {
        const id = (await tx.query<{ id: string }>(
          `insert into reports (plant_id, mission_id, audit_id, title, language, with_plans, map_pages, created_by)
           values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
          [audit.plantId, audit.missionId, params.auditId, title, language, body.withPlans ?? false, mapPages, user.id])).rows[0]?.id as string;
        const jobId = await deps.jobs.send(REPORT_QUEUE, { reportId: id }, audit.plantId, { db: tx });
        await tx.query('update reports set job_id = $2 where id = $1', [id, jobId]);
        return { report: (await tx.query(reportsSql, [id, null, null])).rows[0], jobId };
      });
    },
  }),
  defineRoute({
    method: 'get', path: '/plants/{plantId}/reports', tag: 'reports',
    summary: 'The reports of a plant, newest first (a client user: the ones sent to it)',
    roles: ROLES, plant: 'plantId', params: PlantParams,
    response: z.object({ items: z.array(Report) }).meta({ id: 'ReportList' }),
    async handler({ params, user, deps }) {
      return { items: (await deps.db.query(reportsSql, [null, params.plantId, statusesFor(clientScope(user))])).rows };
    },
  }),
  defineRoute({
    method: 'get', path: '/reports/{reportId}/pdf', tag: 'reports',
    summary: 'The report’s current PDF', roles: ROLES, plant: reportPlant, params: ReportParams, produces: 'application/pdf', errors: [409],
    async handler({ params, user, ctx, deps }) {
      const { rows } = await deps.db.query<{ sha256: string | null; title: string }>(reportsSql, [params.reportId, null, statusesFor(clientScope(user))]);
      const report = rows[0];
      if (!report) throw notFound();
      if (!report.sha256) throw new ApiError(409, 'report_no_pdf', { key: 'e.report_no_pdf' });
      const file = await reportStore(deps.config.filesDir).open(report.sha256);
      if (!file) throw notFound();
      sendPdf(ctx, file, `${report.title.replace(/[^\w.-]+/g, '_').slice(0, 120)}.pdf`);
    },
  }),
  defineRoute({
    method: 'patch', path: '/reports/{reportId}/sections', tag: 'reports',
    summary: 'Edit a draft’s summary and recommendations (fr/en) and render it again',
    description: 'Each text given replaces the generated one; an empty text brings the generated one back. Drafts only (409 otherwise).',
    roles: STAFF, plant: reportPlant, params: ReportParams, body: ReportSections, errors: [409],
    response: z.object({ report: Report, jobId: Uuid }).meta({ id: 'ReportRendering' }),
    async handler({ params, body, deps }) {
      return transaction(deps.db, async (tx) => {
        const { rows } = await tx.query<{ status: string; plantId: string; sections: Record<string, Record<string, unknown>> }>(
          'select status, plant_id as "plantId", sections from reports where id = $1 and deleted_at is null for update', [params.reportId]);
        const current = rows[0];
        if (!current) throw notFound();
        if (current.status !== 'draft') throw conflict('report_not_draft', 'e.report_not_draft', { status: current.status });
        const sections = { ...current.sections };
        if (body.summary) sections.summary = { ...(sections.summary ?? {}), ...body.summary };
        if (body.recommendations) {
          const merged = { ...(sections.recommendations ?? {}) } as Record<string, unknown>;
          for (const [type, text] of Object.entries(body.recommendations)) merged[type] = { ...((merged[type] as object) ?? {}), ...text };
          sections.recommendations = merged;
        }
        const jobId = await deps.jobs.send(REPORT_QUEUE, { reportId: params.reportId }, current.plantId, { db: tx });
        await tx.query('update reports set sections = $2, job_id = $3, updated_at = now() where id = $1', [params.reportId, sections, jobId]);
        return { report: (await tx.query(reportsSql, [params.reportId, null, null])).rows[0], jobId };
      });
    },
  }),
];
