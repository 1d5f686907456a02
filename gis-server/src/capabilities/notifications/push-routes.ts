import { z } from 'zod';
import { PushKey, PushSubscriptionBody } from '@calepin/core';
import { STAFF } from '../../access/scope';
import { ApiError, badRequest } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';
import { allowedEndpoint } from './push';

const unpadded = (key: string) => key.replace(/=+$/, '');

/** Subscribing a device (the field tablet, a browser) to the caller's notifications (docs/notifications.md). */
export const pushRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get', path: '/push/key', tag: 'notifications',
    summary: 'The server’s VAPID public key, for PushManager.subscribe (applicationServerKey)', roles: STAFF, response: PushKey,
    async handler({ deps }) {
      return { publicKey: deps.config.push?.publicKey ?? null };
    },
  }),
  defineRoute({
    method: 'post', path: '/push/subscriptions', tag: 'notifications',
    summary: 'Subscribe this device to the caller’s notifications (the body is PushSubscription.toJSON())',
    description: 'The endpoint must be on a browser’s push service (PUSH_SERVICES). The same endpoint subscribed again, '
      + 'by this user or after another login on the device, is updated in place: a device gets each notification once.',
    roles: STAFF, body: PushSubscriptionBody, status: 204, errors: [503],
    async handler({ body, user, ctx, deps }) {
      const push = deps.config.push;
      if (!push) throw new ApiError(503, 'push_unavailable', { key: 'e.push_unavailable' });
      if (!allowedEndpoint(body.endpoint, push.services)) {
        throw badRequest('push_service', 'e.push_service', { host: new URL(body.endpoint).host }, 'endpoint');
      }
      await deps.db.query(
        `insert into push_subscriptions (user_id, endpoint, p256dh, auth, user_agent) values ($1, $2, $3, $4, $5)
         on conflict (endpoint) do update
            set user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth,
                user_agent = excluded.user_agent, failures = 0`,
        [user.id, body.endpoint, unpadded(body.keys.p256dh), unpadded(body.keys.auth), ctx.get('user-agent').slice(0, 400) || null]);
    },
  }),
  defineRoute({
    method: 'post', path: '/push/unsubscribe', tag: 'notifications',
    summary: 'Stop notifications on this device (the caller’s subscription with this endpoint)', roles: STAFF,
    body: z.strictObject({ endpoint: z.string().min(1).max(2000) }), status: 204,
    async handler({ body, user, deps }) {
      await deps.db.query('delete from push_subscriptions where endpoint = $1 and user_id = $2', [body.endpoint, user.id]);
    },
  }),
];
