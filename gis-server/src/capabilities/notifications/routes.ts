import { z } from 'zod';
import { NotificationList, ROLES, Uuid } from '@calepin/core';
import { type RouteSpec, defineRoute } from '../../http/route';
import { notificationText } from './message';

export const notificationRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get', path: '/notifications', tag: 'notifications',
    summary: 'The caller’s notifications, newest first (50), and how many are unread', roles: ROLES, response: NotificationList,
    async handler({ user, ctx, deps }) {
      const { rows } = await deps.db.query(
        `select id, kind, mission_id as "missionId", params, created_at as "createdAt", read_at as "readAt",
                count(*) filter (where read_at is null) over ()::int as unread
           from notifications where user_id = $1 order by created_at desc limit 50`, [user.id]);
      const items = rows.map(({ unread: _u, ...n }) => ({ ...n, message: notificationText(ctx.state.locale, n.kind, n.params) }));
      const { rows: count } = await deps.db.query<{ n: number }>(
        'select count(*)::int as n from notifications where user_id = $1 and read_at is null', [user.id]);
      return { items, unread: count[0]?.n ?? 0 };
    },
  }),
  defineRoute({
    method: 'post', path: '/notifications/read', tag: 'notifications',
    summary: 'Mark notifications read (all of the caller’s when ids is omitted)', roles: ROLES,
    body: z.strictObject({ ids: z.array(Uuid).max(500).optional() }), status: 204,
    async handler({ body, user, deps }) {
      await deps.db.query(
        'update notifications set read_at = now() where user_id = $1 and read_at is null and ($2::uuid[] is null or id = any ($2))',
        [user.id, body.ids ?? null]);
    },
  }),
];
