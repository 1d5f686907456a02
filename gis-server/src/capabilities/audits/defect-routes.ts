// Defects of an audit (on modules or any other target), and the office's review of each:
// accepted, corrected (any change by the office) or rejected (deleted, kept for the record).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Defect, DefectCreate, DefectReview, DefectUpdate, DefectsQuery, ROLES, Uuid, page } from '@calepin/core';
import { MANAGERS, STAFF, clientScope } from '../../access/scope';
import { type Queryable, sqlFile } from '../../db';
import { notFound } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';
import { edit } from '../../sync/office';
import { missionOf, ownerOf } from './access';

const defectsSql = sqlFile(import.meta.url, 'defects.sql');

const AuditParams = z.object({ auditId: Uuid });
const DefectParams = z.object({ defectId: Uuid });

/** The API's field names and the table's columns. */
const COLUMNS: Record<string, string> = {
  targetKind: 'target_kind', moduleId: 'module_id', targetId: 'target_id', defectType: 'defect_type',
  moduleStatus: 'module_status', severity: 'severity', iecClass: 'iec_class', deltaTC: 'delta_t_c',
  description: 'description', geom: 'geom', gpsAccuracyM: 'gps_accuracy_m', observedAt: 'observed_at',
  resolvedAt: 'resolved_at', resolutionNote: 'resolution_note',
};

const columnsOf = (body: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(body).filter(([k, v]) => COLUMNS[k] && v !== undefined).map(([k, v]) => [COLUMNS[k] as string, v]));

async function readDefect(db: Queryable, id: string, scope: string | null): Promise<Defect> {
  const { rows } = await db.query<Defect & { total: number }>(defectsSql, [null, id, scope, null, null, 1, 0]);
  if (!rows[0]) throw notFound();
  const { total: _total, ...defect } = rows[0];
  return defect;
}

const isOffice = (role: string) => role === 'admin' || role === 'manager';

export const defectRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/audits/{auditId}/defects',
    tag: 'audits',
    summary: 'An audit’s defects, worst first, with their photos (and whether each photo’s file has arrived)',
    roles: ROLES,
    params: AuditParams,
    query: DefectsQuery,
    response: page('DefectPage', Defect),
    async handler({ params, query, user, deps }) {
      const scope = clientScope(user);
      await ownerOf(deps.db, 'audit', params.auditId, user);
      const { rows } = await deps.db.query<Defect & { total: number }>(defectsSql, [
        params.auditId, null, scope, query.severity ?? null, query.review ?? null, query.limit, query.offset,
      ]);
      return { items: rows.map(({ total: _total, ...d }) => d), total: rows[0]?.total ?? 0 };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/defects/{defectId}',
    tag: 'audits',
    summary: 'One defect with its photos',
    roles: ROLES,
    params: DefectParams,
    response: Defect,
    async handler({ params, user, deps }) {
      return readDefect(deps.db, params.defectId, clientScope(user));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/audits/{auditId}/defects',
    tag: 'audits',
    summary: 'Record a defect (on a module, a string, an inverter, a junction box, a cable, or a point)',
    roles: STAFF,
    params: AuditParams,
    body: DefectCreate,
    status: 201,
    response: Defect,
    errors: [409],
    async handler({ params, body, user, ctx, deps }) {
      const owner = await ownerOf(deps.db, 'audit', params.auditId, user);
      const id = body.id ?? randomUUID();
      const values = { audit_id: params.auditId, ...columnsOf(body) };
      await edit(deps.db, user, missionOf(owner), [{ table: 'defects', key: { id }, op: 'create', values }], ctx.state.locale);
      return readDefect(deps.db, id, null);
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/defects/{defectId}',
    tag: 'audits',
    summary: 'Change a defect; a change by the office marks it corrected',
    roles: STAFF,
    params: DefectParams,
    body: DefectUpdate,
    response: Defect,
    errors: [409],
    async handler({ params, body, user, ctx, deps }) {
      const owner = await ownerOf(deps.db, 'defect', params.defectId, user);
      const values: Record<string, unknown> = columnsOf(body);
      if (!Object.keys(values).length) return readDefect(deps.db, params.defectId, null);
      if (isOffice(user.role)) Object.assign(values, { review: 'corrected', reviewed_by: user.id, reviewed_at: new Date().toISOString() });
      await edit(deps.db, user, missionOf(owner), [{ table: 'defects', key: { id: params.defectId }, op: 'patch', values }], ctx.state.locale);
      return readDefect(deps.db, params.defectId, null);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/defects/{defectId}',
    tag: 'audits',
    summary: 'Delete a defect',
    roles: STAFF,
    params: DefectParams,
    status: 204,
    async handler({ params, user, ctx, deps }) {
      const owner = await ownerOf(deps.db, 'defect', params.defectId, user);
      await edit(deps.db, user, missionOf(owner), [{ table: 'defects', key: { id: params.defectId }, op: 'delete' }], ctx.state.locale);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/defects/{defectId}/review',
    tag: 'audits',
    summary: 'Accept or reject a defect (a rejected defect is deleted and no longer counts; the record keeps it)',
    roles: MANAGERS,
    params: DefectParams,
    body: DefectReview,
    response: z.object({ id: Uuid, review: z.enum(['accepted', 'rejected']) }).meta({ id: 'DefectReviewed' }),
    async handler({ params, body, user, ctx, deps }) {
      const owner = await ownerOf(deps.db, 'defect', params.defectId, user);
      const key = { id: params.defectId };
      const values = { review: body.decision, review_note: body.note ?? null, reviewed_by: user.id, reviewed_at: new Date().toISOString() };
      // An accepted AI suggestion counts from now on, like a technician's finding.
      const validated = body.decision === 'accepted' ? { validated_by: user.id, validated_at: values.reviewed_at } : {};
      await edit(deps.db, user, missionOf(owner), [
        { table: 'defects', key, op: 'patch', values: { ...values, ...validated } },
        ...(body.decision === 'rejected' ? [{ table: 'defects' as const, key, op: 'delete' as const }] : []),
      ], ctx.state.locale);
      return { id: params.defectId, review: body.decision };
    },
  }),
];
