import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CalendarFeed, CalendarFeedCreate, type SessionUser, Uuid, t } from '@calepin/core';
import { STAFF } from '../../../access/scope';
import type { Queryable } from '../../../db';
import { ApiError, badRequest, notFound } from '../../../http/errors';
import { type RouteSpec, defineRoute } from '../../../http/route';
import { icalendar } from './ical';

const hash = (token: string) => createHash('sha256').update(token).digest();
const feedUrl = (publicUrl: string, token: string) => `${publicUrl.replace(/\/$/, '')}/api/v1/calendar/${token}.ics`;
const isManager = (user: SessionUser) => user.role === 'admin' || user.role === 'manager';

const selectFeeds = `select f.id, f.technician_id as "technicianId", u.full_name as technician, f.label,
                            f.created_at as "createdAt", f.last_polled_at as "lastPolledAt", f.revoked_at as "revokedAt"
                       from calendar_feeds f left join users u on u.id = f.technician_id`;

/** A technician manages only their own feed; managers any, and the team's. */
function checkOwner(user: SessionUser, technicianId: string | null): void {
  if (!isManager(user) && technicianId !== user.id) throw new ApiError(403, 'feed_forbidden', { key: 'e.feed_forbidden', field: 'technicianId' });
}

/** The slots of a feed, from three months back to a year ahead (cancelled ones say so). */
async function feedEvents(db: Queryable, technicianId: string | null, publicUrl: string) {
  const { rows } = await db.query(
    `select i.id, i.revision, lower(i.period) as start, upper(i.period) as end, i.status as slot, i.updated_at as "updatedAt",
            mi.id as "missionId", mi.reference, mi.title, mi.status, u.full_name as technician,
            p.name as plant, concat_ws(', ', p.name, p.address, p.postal_code || ' ' || p.city) as location,
            st_x(p.location) as lon, st_y(p.location) as lat
       from interventions i
       join missions mi on mi.id = i.mission_id and mi.deleted_at is null
       join plants p on p.id = mi.plant_id
       join users u on u.id = i.technician_id
      where i.deleted_at is null and ($1::uuid is null or i.technician_id = $1)
        and upper(i.period) > now() - interval '92 days' and lower(i.period) < now() + interval '366 days'
      order by lower(i.period)`,
    [technicianId]);
  return rows.map((r) => ({
    uid: `${r.id}@calepin`,
    sequence: Number(r.revision) % 2_000_000_000,
    start: r.start,
    end: r.end,
    summary: `${technicianId ? '' : `${r.technician} · `}${r.reference} — ${r.title} (${r.plant})`,
    description: `${r.reference}: ${r.title}\n${r.technician}`,
    location: r.location,
    geo: r.lat === null ? undefined : { lat: r.lat, lon: r.lon },
    url: `${publicUrl.replace(/\/$/, '')}/field/missions/${r.missionId}`,
    status: r.slot === 'cancelled' || r.status === 'cancelled' ? ('CANCELLED' as const) : r.status === 'draft' ? ('TENTATIVE' as const) : ('CONFIRMED' as const),
    updatedAt: r.updatedAt,
  }));
}

export const feedRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get', path: '/calendar-feeds', tag: 'planning',
    summary: 'Calendar feeds (a technician: their own)', roles: STAFF, response: z.array(CalendarFeed),
    async handler({ user, deps }) {
      const { rows } = await deps.db.query(`${selectFeeds} where $1::uuid is null or f.technician_id = $1 order by f.created_at desc`,
        [isManager(user) ? null : user.id]);
      return rows;
    },
  }),
  defineRoute({
    method: 'post', path: '/calendar-feeds', tag: 'planning',
    summary: 'Create a secret iCal feed URL (per technician, or the team’s); the URL is shown only now',
    roles: STAFF, body: CalendarFeedCreate, status: 201, response: CalendarFeed,
    async handler({ body, user, deps }) {
      checkOwner(user, body.technicianId);
      if (body.technicianId) {
        const { rowCount } = await deps.db.query(`select 1 from users where id = $1 and role <> 'client' and deleted_at is null`, [body.technicianId]);
        if (!rowCount) throw badRequest('reference_missing', 'e.reference_missing', {}, 'technicianId');
      }
      const token = randomBytes(32).toString('base64url');
      const { rows } = await deps.db.query<{ id: string }>(
        'insert into calendar_feeds (technician_id, token_hash, label, created_by) values ($1, $2, $3, $4) returning id',
        [body.technicianId, hash(token), body.label ?? null, user.id]);
      const { rows: feed } = await deps.db.query(`${selectFeeds} where f.id = $1`, [rows[0]?.id]);
      return { ...feed[0], url: feedUrl(deps.config.publicUrl, token) };
    },
  }),
  defineRoute({
    method: 'delete', path: '/calendar-feeds/{feedId}', tag: 'planning',
    summary: 'Revoke a feed: its URL answers 404 from now on', roles: STAFF, params: z.object({ feedId: Uuid }), status: 204,
    async handler({ params, user, deps }) {
      const { rows } = await deps.db.query<{ technicianId: string | null }>(
        'select technician_id as "technicianId" from calendar_feeds where id = $1 and revoked_at is null', [params.feedId]);
      if (!rows[0]) throw notFound();
      checkOwner(user, rows[0].technicianId);
      await deps.db.query('update calendar_feeds set revoked_at = now() where id = $1', [params.feedId]);
    },
  }),
  defineRoute({
    method: 'get', path: '/calendar/{feedToken}', tag: 'planning',
    summary: 'An iCal feed (RFC 5545), polled by calendar apps: the secret token is the only credential',
    roles: 'public', params: z.object({ feedToken: z.string().regex(/^[A-Za-z0-9_-]{43}(\.ics)?$/) }), produces: 'text/calendar',
    async handler({ params, ctx, deps }) {
      const token = params.feedToken.replace(/\.ics$/, '');
      const { rows } = await deps.db.query<{ id: string; technicianId: string | null; name: string | null }>(
        `update calendar_feeds f set last_polled_at = now() from (select 1) x
          where f.token_hash = $1 and f.revoked_at is null
          returning f.id, f.technician_id as "technicianId", (select full_name from users where id = f.technician_id) as name`,
        [hash(token)]);
      const feed = rows[0];
      if (!feed) throw new ApiError(404, 'feed_unknown', { key: 'e.feed_unknown' });
      const name = feed.technicianId ? t(ctx.state.locale, 'ics.feed_technician', { name: feed.name ?? '' }) : t(ctx.state.locale, 'ics.feed_team');
      ctx.set('content-type', 'text/calendar; charset=utf-8');
      ctx.set('cache-control', 'private, max-age=300');
      ctx.body = icalendar({ name, method: 'PUBLISH', events: await feedEvents(deps.db, feed.technicianId, deps.config.publicUrl) });
    },
  }),
];
