import { z } from 'zod';
import { Board, BoardQuery, Unavailability, UnavailabilityCreate, Uuid, WeekQuery, WeekRoutes } from '@calepin/core';
import { MANAGERS, STAFF } from '../../../access/scope';
import { type Queryable, sqlFile } from '../../../db';
import { ApiError, badRequest, notFound } from '../../../http/errors';
import { type RouteSpec, defineRoute } from '../../../http/route';

const boardSql = sqlFile(import.meta.url, 'board.sql');
const weekSql = sqlFile(import.meta.url, 'routes-week.sql');

const MAX_DAYS = 190;
const timeZones = new Set(Intl.supportedValuesOf('timeZone'));
const Tz = z.string().refine((tz) => timeZones.has(tz), { error: 'v.timezone' }).default('Europe/Paris')
  .describe('Time zone of the days asked (IANA)');

/** [from, to] local dates → [start, end) instants, in the database's own time zone rules. */
async function period(db: Queryable, from: string, to: string, tz: string): Promise<[Date, Date]> {
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (days < 0) throw badRequest('validation_failed', 'e.mission_period', {}, 'to');
  if (days > MAX_DAYS) throw new ApiError(400, 'range_too_long', { key: 'e.range_too_long', params: { days: MAX_DAYS }, field: 'to' });
  const { rows } = await db.query<{ start: Date; end: Date }>(
    `select ($1::date)::timestamp at time zone $3 as start, ($2::date + 1)::timestamp at time zone $3 as end`, [from, to, tz]);
  const r = rows[0] as { start: Date; end: Date };
  return [r.start, r.end];
}

const iso = (v: string) => new Date(v).toISOString();
const isoTimes = <T extends { start: string; end: string }>(items: T[]) => items.map((i) => ({ ...i, start: iso(i.start), end: iso(i.end) }));

/** Great-circle kilometres between two points (the planning's travel estimate). */
export function greatCircleKm(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * rad) / 2) ** 2
    + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * 6_371.0088 * Math.asin(Math.sqrt(h));
}

export const boardRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get', path: '/planning/board', tag: 'planning',
    summary: 'The planning board: technicians, their slots and absences, missions booked or to book in a period',
    roles: STAFF, query: BoardQuery.extend({ tz: Tz }), response: Board,
    async handler({ query, deps }) {
      const [start, end] = await period(deps.db, query.from, query.to, query.tz);
      const { rows } = await deps.db.query(boardSql, [start, end, query.auditType ?? null, query.clientId ?? null, query.region ?? null]);
      const board = rows[0];
      return {
        technicians: board.technicians,
        interventions: isoTimes(board.interventions),
        missions: board.missions.map((m: { plannedStart: string | null; plannedEnd: string | null }) => ({
          ...m, plannedStart: m.plannedStart && iso(m.plannedStart), plannedEnd: m.plannedEnd && iso(m.plannedEnd),
        })),
        unavailability: isoTimes(board.unavailability),
      };
    },
  }),
  defineRoute({
    method: 'get', path: '/planning/week-routes', tag: 'planning',
    summary: 'The week’s map: each technician’s plants of each day, in order, and the great-circle kilometres between them',
    roles: STAFF, query: WeekQuery.extend({ tz: Tz }), response: WeekRoutes,
    async handler({ query, deps }) {
      const day = new Date(`${query.week}T12:00:00Z`);
      const monday = new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
      const sunday = new Date(Date.parse(monday) + 6 * 86_400_000).toISOString().slice(0, 10);
      const [start, end] = await period(deps.db, monday, sunday, query.tz);
      const { rows } = await deps.db.query(weekSql, [start, end, query.tz]);
      const days = new Map<string, Map<string, { technicianId: string; technician: string; km: number; stops: Record<string, unknown>[] }>>();
      for (const r of rows) {
        const routes = days.get(r.day) ?? new Map();
        days.set(r.day, routes);
        const route = routes.get(r.technicianId) ?? { technicianId: r.technicianId, technician: r.technician, km: 0, stops: [] };
        routes.set(r.technicianId, route);
        const last = route.stops.at(-1) as { lon: number; lat: number } | undefined;
        if (last) route.km += greatCircleKm(last, r);
        route.stops.push({ missionId: r.missionId, reference: r.reference, plantId: r.plantId, plantName: r.plantName, lon: r.lon, lat: r.lat, start: r.start.toISOString(), end: r.end.toISOString() });
      }
      return {
        days: [...days].map(([d, routes]) => ({ day: d, routes: [...routes.values()].map((r) => ({ ...r, km: Math.round(r.km * 10) / 10 })) })),
      };
    },
  }),
  defineRoute({
    method: 'post', path: '/planning/unavailability', tag: 'planning',
    summary: 'Record a technician’s absence (leave, training, sickness): slots over it are refused',
    roles: MANAGERS, body: UnavailabilityCreate, status: 201, response: Unavailability,
    async handler({ body, user, deps }) {
      const { rows: who } = await deps.db.query(`select 1 from users where id = $1 and role <> 'client' and deleted_at is null`, [body.technicianId]);
      if (!who.length) throw badRequest('reference_missing', 'e.reference_missing', {}, 'technicianId');
      const { rows } = await deps.db.query(
        `with a as (insert into unavailability (technician_id, period, reason, note, created_by)
                    values ($1, tstzrange($2, $3), $4, $5, $6) returning *)
         select a.id, a.technician_id as "technicianId", u.full_name as technician, lower(a.period) as start, upper(a.period) as end,
                a.reason, a.note from a join users u on u.id = a.technician_id`,
        [body.technicianId, body.start, body.end, body.reason ?? 'leave', body.note ?? null, user.id]);
      const r = rows[0];
      return { ...r, start: r.start.toISOString(), end: r.end.toISOString() };
    },
  }),
  defineRoute({
    method: 'delete', path: '/planning/unavailability/{unavailabilityId}', tag: 'planning',
    summary: 'Remove an absence', roles: MANAGERS, params: z.object({ unavailabilityId: Uuid }), status: 204,
    async handler({ params, deps }) {
      const { rowCount } = await deps.db.query('update unavailability set deleted_at = now() where id = $1 and deleted_at is null', [params.unavailabilityId]);
      if (!rowCount) throw notFound();
    },
  }),
];
