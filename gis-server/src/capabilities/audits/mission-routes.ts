// A mission's checklist answers, the integrity check, and "mark the mission done".
import { z } from 'zod';
import {
  ChecklistResponse, ChecklistResponseCreate, ChecklistResponseUpdate, MissionIntegrity, MissionProgress, Uuid, t,
} from '@calepin/core';
import { checklistResponseId } from '@calepin/core/sync';
import { MANAGERS, STAFF } from '../../access/scope';
import { type Queryable, sqlFile } from '../../db';
import { ApiError, notFound } from '../../http/errors';
import { missionPlant } from '../../access/plant';
import { type RouteSpec, defineRoute } from '../../http/route';
import { type Edit, edit } from '../../sync/office';
import { missionOf, ownerOf } from './access';

const checklistsSql = sqlFile(import.meta.url, 'checklists.sql');
const integritySql = sqlFile(import.meta.url, 'integrity.sql');
const progressSql = sqlFile(import.meta.url, 'progress.sql');

const MissionParams = z.object({ missionId: Uuid });
const ResponseParams = z.object({ responseId: Uuid });

async function readResponse(db: Queryable, id: string): Promise<z.infer<typeof ChecklistResponse>> {
  const { rows } = await db.query(checklistsSql, [null, id]);
  if (!rows[0]) throw notFound();
  return rows[0];
}

function answerValues(body: { answers?: Record<string, unknown>; validatedSections?: string[] }): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [field, answer] of Object.entries(body.answers ?? {})) values[`answers.${field}`] = answer;
  if (body.validatedSections) values.validated_sections = body.validatedSections;
  return values;
}

export async function integrity(db: Queryable, missionId: string): Promise<MissionIntegrity> {
  const { rows } = await db.query<{ integrity: Omit<MissionIntegrity, 'complete'> }>(integritySql, [missionId]);
  const found = (rows[0] as { integrity: Omit<MissionIntegrity, 'complete'> }).integrity;
  const complete = !found.modulesWithoutResult.length && !found.nonConformitiesWithoutPhoto.length && !found.photosWithoutFile.length;
  return { complete, ...found };
}

export const missionReviewRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/missions/{missionId}/progress',
    tag: 'audits',
    summary: 'A mission’s progress: the team’s, each work zone’s and each member’s (modules done, open defects by severity)',
    description:
      'A module is done when it has a result in every module-by-module audit of the mission (EL, thermography, visual, ' +
      'drone); it counts in a zone when its centre lies in the zone. Zones are drawn by the mission’s lead or the office ' +
      '(table mission_zones, synced: docs/sync.md §2). The back-office reads it again on each live `changes` event.',
    roles: STAFF,
    plant: missionPlant,
    params: MissionParams,
    response: MissionProgress,
    async handler({ params, user, deps }) {
      await ownerOf(deps.db, 'mission', params.missionId, user);
      const { rows } = await deps.db.query<{ progress: MissionProgress }>(progressSql, [params.missionId]);
      return (rows[0] as { progress: MissionProgress }).progress;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/missions/{missionId}/checklist-responses',
    tag: 'audits',
    summary: 'A mission’s checklist answers, with their templates',
    roles: STAFF,
    plant: missionPlant,
    params: MissionParams,
    response: z.object({ items: z.array(ChecklistResponse) }).meta({ id: 'ChecklistResponseList' }),
    async handler({ params, user, deps }) {
      await ownerOf(deps.db, 'mission', params.missionId, user);
      return { items: (await deps.db.query(checklistsSql, [params.missionId, null])).rows };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/missions/{missionId}/checklist-responses',
    tag: 'audits',
    summary: 'Answer a checklist template for a mission (its id is derived from both, the same on every device)',
    description:
      'An answer is a value, or {"value", "photos": [photo ids], "note"}: a non-conformity needs a photo. ' +
      'Answers are merged field by field with what is already there.',
    roles: STAFF,
    plant: missionPlant,
    params: MissionParams,
    body: ChecklistResponseCreate,
    status: 201,
    response: ChecklistResponse,
    async handler({ params, body, user, ctx, deps }) {
      await ownerOf(deps.db, 'mission', params.missionId, user);
      const template = await deps.db.query('select 1 from checklist_templates where id = $1 and deleted_at is null', [body.templateId]);
      if (!template.rowCount) throw new ApiError(400, 'reference_missing', { key: 'e.checklist_template_unknown', field: 'templateId' });
      const id = checklistResponseId(params.missionId, body.templateId);
      const known = await deps.db.query('select 1 from checklist_responses where id = $1', [id]);
      const values = answerValues(body);
      const change: Edit = known.rowCount
        ? { table: 'checklist_responses', key: { id }, op: 'patch', values }
        : { table: 'checklist_responses', key: { id }, op: 'create', values: { template_id: body.templateId, ...values } };
      if (change.op === 'create' || Object.keys(values).length) await edit(deps.db, user, params.missionId, [change], ctx.state.locale);
      return readResponse(deps.db, id);
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/checklist-responses/{responseId}',
    tag: 'audits',
    summary: 'Change answers (field by field) or the validated sections of a checklist response',
    roles: STAFF,
    params: ResponseParams,
    body: ChecklistResponseUpdate,
    response: ChecklistResponse,
    async handler({ params, body, user, ctx, deps }) {
      const owner = await ownerOf(deps.db, 'response', params.responseId, user);
      const values = answerValues(body);
      if (Object.keys(values).length) {
        await edit(deps.db, user, missionOf(owner), [{ table: 'checklist_responses', key: { id: params.responseId }, op: 'patch', values }], ctx.state.locale);
      }
      return readResponse(deps.db, params.responseId);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/missions/{missionId}/integrity',
    tag: 'audits',
    summary: 'What keeps the mission from being done: modules without a result, non-conformities without a photo, photos without their file',
    roles: STAFF,
    plant: missionPlant,
    params: MissionParams,
    response: MissionIntegrity,
    async handler({ params, user, deps }) {
      await ownerOf(deps.db, 'mission', params.missionId, user);
      return integrity(deps.db, params.missionId);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/missions/{missionId}/completion',
    tag: 'audits',
    summary: 'Mark the mission done, once its data is complete (409 with what is missing otherwise)',
    description: 'Its audits are marked done too (finished now unless they say when); devices pull it.',
    roles: MANAGERS,
    plant: missionPlant,
    params: MissionParams,
    response: z.object({ missionId: Uuid, status: z.literal('done'), integrity: MissionIntegrity }).meta({ id: 'MissionCompletion' }),
    errors: [409],
    async handler({ params, user, ctx, deps }) {
      await ownerOf(deps.db, 'mission', params.missionId, user);
      const check = await integrity(deps.db, params.missionId);
      if (!check.complete) {
        const lang = ctx.state.locale;
        const details = [
          ...check.modulesWithoutResult.map((a) => ({ field: `audits.${a.auditId}`, message: `${a.auditType}: ${a.count} (${a.sample.join(', ')}…)` })),
          ...check.nonConformitiesWithoutPhoto.map((n) => ({ field: `checklist.${n.fieldId}`, message: n.template })),
          ...check.photosWithoutFile.map((p) => ({ field: `photos.${p.id}`, message: p.filename ?? p.sha256 })),
        ];
        const modules = check.modulesWithoutResult.reduce((n, a) => n + a.count, 0);
        const problems = [
          modules ? t(lang, 'e.incomplete_modules', { count: modules }) : null,
          check.nonConformitiesWithoutPhoto.length ? t(lang, 'e.incomplete_nonconformities', { count: check.nonConformitiesWithoutPhoto.length }) : null,
          check.photosWithoutFile.length ? t(lang, 'e.incomplete_photos', { count: check.photosWithoutFile.length }) : null,
        ].filter(Boolean).join(', ');
        throw new ApiError(409, 'mission_incomplete', { text: t(lang, 'e.mission_incomplete', { problems }), details });
      }
      const { rows } = await deps.db.query<{ id: string; finished: boolean }>(
        "select id, finished_at is not null as finished from audits where mission_id = $1 and deleted_at is null and status <> 'done'",
        [params.missionId],
      );
      const now = new Date().toISOString();
      const edits: Edit[] = rows.map((a) => ({
        table: 'audits', key: { id: a.id }, op: 'patch', values: { status: 'done', ...(a.finished ? {} : { finished_at: now }) },
      }));
      await edit(deps.db, user, params.missionId, edits, ctx.state.locale, async (tx) => {
        await tx.query("update missions set status = 'done' where id = $1", [params.missionId]);
      });
      return { missionId: params.missionId, status: 'done' as const, integrity: check };
    },
  }),
];
