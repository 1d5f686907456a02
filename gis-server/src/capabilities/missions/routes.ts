import { z } from 'zod';
import {
  LOCALES, Mission, MissionActivity, MissionChoices, MissionCreate, MissionListQuery, MissionStatusChange, MissionUpdate,
  MissionWriteResult, ROLES, SafetyDefaultsQuery, Uuid, page,
} from '@calepin/core';
import { MANAGERS, STAFF } from '../../access/scope';
import { sqlFile } from '../../db';
import { ApiError, notFound } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';
import { mailsAbout } from '../../mail/queue';
import { listMissions, missionPlant, readMission } from './read';
import { defaultSafety } from './safety';
import { changeStatus, createMission, updateMission } from './service';
import { ORDER_QUEUE } from './notify';
import { orderStore } from './order/render';
import { sendPdf } from '../../http/send-pdf';

const Params = z.object({ missionId: Uuid });
const PlantParams = z.object({ plantId: Uuid });
const selectChoices = sqlFile(import.meta.url, 'choices.sql');
const PdfQuery = z.object({ version: z.coerce.number().int().min(1).optional(), lang: z.enum(LOCALES).optional() });

export const missionRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get', path: '/missions', tag: 'missions',
    summary: 'List missions (a technician sees the missions they are on; a client its plants’ missions, without internal notes)',
    roles: ROLES, query: MissionListQuery, response: page('MissionPage', Mission),
    async handler({ query, user, deps }) {
      return listMissions(deps.db, user, query);
    },
  }),
  defineRoute({
    method: 'get', path: '/missions/safety-defaults', tag: 'missions',
    summary: 'The default safety instructions for audit types (and a plant’s mounting), in the caller’s language',
    roles: STAFF, query: SafetyDefaultsQuery, response: z.object({ text: z.string() }),
    async handler({ query, ctx, deps }) {
      const { rows } = await deps.db.query<{ mounting: string }>('select mounting from plants where id = $1', [query.plantId ?? null]);
      return { text: defaultSafety(ctx.state.locale, query.auditTypes, rows[0]?.mounting ?? null) };
    },
  }),
  defineRoute({
    method: 'get', path: '/plants/{plantId}/mission-choices', tag: 'missions',
    summary: 'What a mission order on this plant can name: its areas, the checklist templates, its plans',
    roles: STAFF, plant: 'plantId', params: PlantParams, response: MissionChoices,
    async handler({ plant, deps }) {
      return (await deps.db.query(selectChoices, [plant.id])).rows[0];
    },
  }),
  defineRoute({
    method: 'get', path: '/missions/{missionId}', tag: 'missions', summary: 'Read one mission with its team, slots and audits',
    roles: ROLES, plant: missionPlant, params: Params, response: Mission,
    async handler({ params, user, deps }) {
      return readMission(deps.db, user, params.missionId);
    },
  }),
  defineRoute({
    method: 'post', path: '/missions', tag: 'missions',
    summary: 'Create a mission order (draft): one audit per audit type; reference and safety instructions filled in when omitted',
    roles: MANAGERS, body: MissionCreate, status: 201, response: MissionWriteResult, errors: [409],
    async handler({ body, user, ctx, deps }) {
      return createMission(deps, user, ctx.state.locale, body);
    },
  }),
  defineRoute({
    method: 'patch', path: '/missions/{missionId}', tag: 'missions',
    summary: 'Change a mission; a planned one sends its team the new order (mail.queued says how many mails)',
    roles: MANAGERS, plant: missionPlant, params: Params, body: MissionUpdate, response: MissionWriteResult, errors: [409],
    async handler({ params, body, user, deps }) {
      return updateMission(deps, user, params.missionId, body);
    },
  }),
  defineRoute({
    method: 'post', path: '/missions/{missionId}/status', tag: 'missions',
    summary: 'Move a mission along draft → planned → in_progress → done, or cancel it (technicians of the team: in_progress and done)',
    roles: STAFF, plant: missionPlant, params: Params, body: MissionStatusChange, response: MissionWriteResult, errors: [409],
    async handler({ params, body, user, ctx, deps }) {
      return changeStatus(deps, user, ctx.state.locale, params.missionId, body.status);
    },
  }),
  defineRoute({
    method: 'get', path: '/missions/{missionId}/activity', tag: 'missions',
    summary: 'Who did what and when, the mission order versions, and each mail’s status (staff)',
    roles: ROLES, plant: missionPlant, params: Params, response: MissionActivity,
    async handler({ params, user, deps }) {
      await readMission(deps.db, user, params.missionId);
      const [events, documents] = await Promise.all([
        deps.db.query(
          `select e.kind, e.from_status as "fromStatus", e.to_status as "toStatus", e.detail, u.full_name as "user", e.at
             from mission_events e left join users u on u.id = e.user_id where e.mission_id = $1 order by e.at desc, e.id desc`,
          [params.missionId]),
        deps.db.query(
          `select version, locale, size_bytes as "sizeBytes", pages, created_at as "createdAt"
             from mission_documents where mission_id = $1 order by version desc, locale`, [params.missionId]),
      ]);
      const mails = user.role === 'client' ? [] : await mailsAbout(deps.db, 'mission', params.missionId);
      return { events: events.rows, documents: documents.rows, mails, mailConfigured: deps.mailer.configured, ordersPrinted: deps.config.printOrders };
    },
  }),
  defineRoute({
    method: 'get', path: '/missions/{missionId}/order.pdf', tag: 'missions',
    summary: 'The mission order PDF: the latest version (or `version`), in the caller’s language (or `lang`)',
    roles: ROLES, plant: missionPlant, params: Params, query: PdfQuery, produces: 'application/pdf',
    async handler({ params, query, user, ctx, deps }) {
      const mission = await readMission(deps.db, user, params.missionId);
      const { rows } = await deps.db.query<{ sha256: string; version: number; size: number }>(
        `select sha256, version, size_bytes as size from mission_documents
          where mission_id = $1 and locale = $2 and ($3::int is null or version = $3) order by version desc limit 1`,
        [params.missionId, query.lang ?? ctx.state.locale, query.version ?? null]);
      const doc = rows[0];
      if (!doc) throw query.version ? notFound('version') : new ApiError(404, 'document_none', { key: 'e.document_none' });
      const file = await orderStore(deps.config.filesDir).open(doc.sha256);
      if (!file) throw notFound();
      sendPdf(ctx, file, `${mission.reference.replace(/[^\w.-]/g, '_')}-v${doc.version}.pdf`);
    },
  }),
  defineRoute({
    method: 'post', path: '/missions/{missionId}/order', tag: 'missions',
    summary: 'Render the mission order again now (a background job; GET /jobs/{id} follows it)',
    roles: MANAGERS, plant: missionPlant, params: Params, status: 202, response: z.object({ jobId: Uuid }),
    async handler({ params, user, deps }) {
      const mission = await readMission(deps.db, user, params.missionId);
      return { jobId: await deps.jobs.send(ORDER_QUEUE, { missionId: mission.id, kind: null }, mission.plantId) };
    },
  }),
];
