// Audits of a mission and their module results. Every write goes through the change
// engine (src/sync), like a device's push: devices pull the office's edits, and a late push
// is decided against them by the same rule.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  Audit, AuditCreate, AuditModulePage, AuditModulePut, AuditModulesQuery, AuditUpdate, AuditValidation, ROLES, Uuid,
} from '@calepin/core';
import { MANAGERS, STAFF, clientScope } from '../../access/scope';
import { type Queryable, sqlFile } from '../../db';
import { ApiError, badRequest, conflict, notFound } from '../../http/errors';
import { auditPlant, missionPlant } from '../../access/plant';
import { type RouteSpec, defineRoute } from '../../http/route';
import { edit } from '../../sync/office';
import { missionOf, ownerOf } from './access';

const auditsSql = sqlFile(import.meta.url, 'audits.sql');
const modulesSql = sqlFile(import.meta.url, 'modules.sql');

const MissionParams = z.object({ missionId: Uuid });
const PlantParams = z.object({ plantId: Uuid });
const AuditParams = z.object({ auditId: Uuid });
const ModuleParams = z.object({ auditId: Uuid, moduleId: Uuid });

export async function readAudit(db: Queryable, id: string, scope: string | null): Promise<Audit> {
  const { rows } = await db.query<Audit>(auditsSql, [null, id, scope, null]);
  if (!rows[0]) throw notFound();
  return rows[0];
}

const now = () => new Date().toISOString();

// Module-result pages are keyed by (code, id), opaque to the caller.
const encodeAfter = (code: string, id: string) => Buffer.from(JSON.stringify([code, id])).toString('base64url');
function decodeAfter(after: string | undefined): [string | null, string | null] {
  if (!after) return [null, null];
  try {
    const [code, id] = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof code === 'string' && typeof id === 'string' && Uuid.safeParse(id).success) return [code, id];
  } catch {
    // fall through: not ours
  }
  throw new ApiError(400, 'invalid_cursor', { key: 'e.sync_cursor', field: 'after' });
}

export const auditRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/missions/{missionId}/audits',
    tag: 'audits',
    summary: 'The audits of a mission (one per audit type), with their progress',
    roles: STAFF,
    plant: missionPlant,
    params: MissionParams,
    response: z.object({ items: z.array(Audit) }).meta({ id: 'AuditList' }),
    async handler({ params, user, deps }) {
      await ownerOf(deps.db, 'mission', params.missionId, user);
      return { items: (await deps.db.query(auditsSql, [params.missionId, null, null, null])).rows };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/plants/{plantId}/audits',
    tag: 'audits',
    summary: 'The audits of a plant, newest first (a client user: its validated audits only)',
    roles: ROLES,
    plant: 'plantId',
    params: PlantParams,
    response: z.object({ items: z.array(Audit) }).meta({ id: 'PlantAuditList' }),
    async handler({ params, user, deps }) {
      return { items: (await deps.db.query(auditsSql, [null, null, clientScope(user), params.plantId])).rows };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/audits/{auditId}',
    tag: 'audits',
    summary: 'One audit with its progress: modules inspected, defects, photos and photos still pending',
    roles: ROLES,
    params: AuditParams,
    response: Audit,
    async handler({ params, user, deps }) {
      return readAudit(deps.db, params.auditId, clientScope(user));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/missions/{missionId}/audits',
    tag: 'audits',
    summary: 'Start the audit of one of the mission’s audit types',
    roles: MANAGERS,
    plant: missionPlant,
    params: MissionParams,
    body: AuditCreate,
    status: 201,
    response: Audit,
    errors: [409],
    async handler({ params, body, user, ctx, deps }) {
      const { rows } = await deps.db.query<{ audit_types: string[]; taken: boolean }>(
        `select m.audit_types, exists (select 1 from audits a where a.mission_id = m.id and a.audit_type = $2 and a.deleted_at is null) as taken
           from missions m where m.id = $1 and m.deleted_at is null`,
        [params.missionId, body.auditType],
      );
      const mission = rows[0];
      if (!mission) throw notFound();
      if (!mission.audit_types.includes(body.auditType)) {
        throw badRequest('audit_type_not_in_mission', 'e.audit_type_not_in_mission', { type: body.auditType, types: mission.audit_types.join(', ') }, 'auditType');
      }
      if (mission.taken) throw conflict('audit_exists', 'e.audit_exists', { type: body.auditType }, 'auditType');
      const id = randomUUID();
      await edit(deps.db, user, params.missionId, [{ table: 'audits', key: { id }, op: 'create', values: { audit_type: body.auditType } }], ctx.state.locale);
      return readAudit(deps.db, id, null);
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/audits/{auditId}',
    tag: 'audits',
    summary: 'Change an audit’s status, times or measurement conditions (merged key by key)',
    roles: STAFF,
    params: AuditParams,
    body: AuditUpdate,
    response: Audit,
    async handler({ params, body, user, ctx, deps }) {
      const owner = await ownerOf(deps.db, 'audit', params.auditId, user);
      const values: Record<string, unknown> = {};
      if (body.status !== undefined) values.status = body.status;
      if (body.startedAt !== undefined) values.started_at = body.startedAt;
      if (body.finishedAt !== undefined) values.finished_at = body.finishedAt;
      for (const [key, value] of Object.entries(body.conditions ?? {})) values[`conditions.${key}`] = value;
      if (Object.keys(values).length) {
        await edit(deps.db, user, missionOf(owner), [{ table: 'audits', key: { id: params.auditId }, op: 'patch', values }], ctx.state.locale);
      }
      return readAudit(deps.db, params.auditId, null);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/audits/{auditId}',
    tag: 'audits',
    summary: 'Delete an audit (its results stop counting for the modules’ statuses)',
    roles: MANAGERS,
    params: AuditParams,
    status: 204,
    async handler({ params, user, ctx, deps }) {
      const owner = await ownerOf(deps.db, 'audit', params.auditId, user);
      await edit(deps.db, user, missionOf(owner), [{ table: 'audits', key: { id: params.auditId }, op: 'delete' }], ctx.state.locale);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/audits/{auditId}/validation',
    tag: 'audits',
    summary: 'Validate an audit’s results (its client then sees them), or withdraw the validation',
    roles: MANAGERS,
    params: AuditParams,
    body: AuditValidation,
    response: Audit,
    async handler({ params, body, user, ctx, deps }) {
      const owner = await ownerOf(deps.db, 'audit', params.auditId, user);
      const values = body.validated ? { validated_at: now(), validated_by: user.id } : { validated_at: null, validated_by: null };
      await edit(deps.db, user, missionOf(owner), [{ table: 'audits', key: { id: params.auditId }, op: 'patch', values }], ctx.state.locale);
      return readAudit(deps.db, params.auditId, null);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/audits/{auditId}/modules',
    tag: 'audits',
    summary: 'An audit’s results per module (status derived from its open defects), in pages',
    roles: ROLES,
    // The web report's 3D view colours the plant by the chosen audit, through a share link too.
    plant: auditPlant,
    share: true,
    params: AuditParams,
    query: AuditModulesQuery,
    response: AuditModulePage,
    async handler({ params, query, user, deps }) {
      await ownerOf(deps.db, 'audit', params.auditId, user);
      const [code, id] = decodeAfter(query.after);
      const { rows } = await deps.db.query<{ moduleId: string; code: string }>(modulesSql, [params.auditId, code, id, query.limit]);
      const last = rows[rows.length - 1];
      return { items: rows, next: rows.length === query.limit && last ? encodeAfter(last.code, last.moduleId) : null };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/audits/{auditId}/modules/{moduleId}',
    tag: 'audits',
    summary: 'Record a module as inspected in this audit (its status follows its defects)',
    roles: STAFF,
    params: ModuleParams,
    body: AuditModulePut,
    response: z.object({ moduleId: Uuid, inspectedAt: z.string() }).meta({ id: 'AuditModuleRecorded' }),
    async handler({ params, body, user, ctx, deps }) {
      const owner = await ownerOf(deps.db, 'audit', params.auditId, user);
      const key = { audit_id: params.auditId, module_id: params.moduleId };
      const known = await deps.db.query('select 1 from audit_modules where audit_id = $1 and module_id = $2', [params.auditId, params.moduleId]);
      const inspectedAt = body.inspectedAt ?? now();
      const values = { inspected_at: inspectedAt, inspected_by: user.id, ...(known.rowCount ? { deleted_at: null } : {}) };
      await edit(deps.db, user, missionOf(owner), [{ table: 'audit_modules', key, op: known.rowCount ? 'patch' : 'create', values }], ctx.state.locale);
      return { moduleId: params.moduleId, inspectedAt };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/audits/{auditId}/modules/{moduleId}',
    tag: 'audits',
    summary: 'Withdraw a module’s result from this audit (the module is pending in it again)',
    roles: STAFF,
    params: ModuleParams,
    status: 204,
    async handler({ params, user, ctx, deps }) {
      const owner = await ownerOf(deps.db, 'audit', params.auditId, user);
      const key = { audit_id: params.auditId, module_id: params.moduleId };
      await edit(deps.db, user, missionOf(owner), [{ table: 'audit_modules', key, op: 'patch', values: { deleted_at: now() } }], ctx.state.locale);
    },
  }),
];
