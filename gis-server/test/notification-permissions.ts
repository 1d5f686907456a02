// Web Push and address search in the permission matrix (permissions.test.ts): who may call
// them, and a request that succeeds for an allowed role — against stand-ins, since the
// matrix's server reaches no network (a push service and a geocoder that answer nothing).
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import webpush from 'web-push';
import type { Role } from '@calepin/core';
import type { Config } from '@calepin/gis-server';

const STAFF = ['admin', 'manager', 'technician'] as const;

export const NOTIFICATION_EXPECTED: Record<string, readonly Role[] | 'public'> = {
  'GET /push/key': STAFF,
  'POST /push/subscriptions': STAFF,
  'POST /push/unsubscribe': STAFF,
  'GET /geocode': STAFF,
};

const PUSH_SERVICE = 'https://push.calepin.test';

/** A geocoder with no place (the Géoplateforme's GeoCodeJSON, empty), and push keys. */
export async function notificationTestConfig(): Promise<{ config: Partial<Config>; close(): Promise<void> }> {
  const geocoder: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"type":"FeatureCollection","features":[]}');
  });
  await new Promise<void>((resolve) => geocoder.listen(0, '127.0.0.1', resolve));
  const keys = webpush.generateVAPIDKeys();
  return {
    config: {
      geocoderUrl: `http://127.0.0.1:${(geocoder.address() as AddressInfo).port}/geocodage/search`,
      push: { ...keys, subject: 'mailto:ops@calepin.test', services: [PUSH_SERVICE] },
    },
    close: () => new Promise((resolve) => geocoder.close(() => resolve())),
  };
}

export function notificationRequest(key: string, path: string, role: Role | null): { path: string; body?: object } | null {
  switch (key) {
    case 'POST /push/subscriptions':
    case 'POST /push/unsubscribe':
      return {
        path,
        body: {
          endpoint: `${PUSH_SERVICE}/send/${role ?? 'nobody'}`,
          ...(key === 'POST /push/subscriptions'
            ? { keys: { p256dh: `B${'A'.repeat(86)}`, auth: 'AAAAAAAAAAAAAAAAAAAAAA' } }
            : {}),
        },
      };
    case 'GET /geocode':
      return { path: `${path}?q=${encodeURIComponent('12 rue des Forges, Montauban')}` };
    default:
      return null;
  }
}
