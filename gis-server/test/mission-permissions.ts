// The missions and planning routes in the permission matrix (permissions.test.ts): who may
// call them, and a request that succeeds for an allowed role. Missions are on the rooftop
// demo plant with the demo technician on the team (so the technician and the client see
// them); every slot gets a day of its own.
import { Readable } from 'node:stream';
import type { Role } from '@calepin/core';
import type { TestApp } from '../../test-support/app';
import { bearer } from '../../test-support/app';
import { orderStore } from '../src/capabilities/missions/order/render';

const ALL = ['admin', 'manager', 'technician', 'client'] as const;
const MANAGERS = ['admin', 'manager'] as const;
const STAFF = ['admin', 'manager', 'technician'] as const;

export const MISSION_EXPECTED: Record<string, readonly Role[] | 'public'> = {
  'GET /missions': ALL,
  'GET /missions/safety-defaults': STAFF,
  'GET /plants/{plantId}/mission-choices': STAFF,
  'GET /missions/{missionId}': ALL,
  'POST /missions': MANAGERS,
  'PATCH /missions/{missionId}': MANAGERS,
  'POST /missions/{missionId}/status': STAFF,
  'GET /missions/{missionId}/activity': ALL,
  'GET /missions/{missionId}/order.pdf': ALL,
  'POST /missions/{missionId}/order': MANAGERS,
  'POST /planning/check': MANAGERS,
  'POST /missions/{missionId}/interventions': MANAGERS,
  'PATCH /interventions/{interventionId}': MANAGERS,
  'DELETE /interventions/{interventionId}': MANAGERS,
  'GET /planning/board': STAFF,
  'GET /planning/week-routes': STAFF,
  'POST /planning/unavailability': MANAGERS,
  'DELETE /planning/unavailability/{unavailabilityId}': MANAGERS,
  'GET /calendar-feeds': STAFF,
  'POST /calendar-feeds': STAFF,
  'DELETE /calendar-feeds/{feedId}': STAFF,
  'GET /calendar/{feedToken}': 'public',
  'GET /notifications': ALL,
  'POST /notifications/read': ALL,
};

interface Context { t: TestApp; plant: string }
/** One mission per plant, with a rendered order on file. */
const shared = new Map<string, string>();
let day = 0;

const manager = (c: Context) => c.t.token('manager').then(bearer);
const technician = async (c: Context) =>
  (await c.t.db.pool.query<{ id: string }>(`select id from users where email = 'tech@calepin.test'`)).rows[0]!.id;

async function mission(c: Context): Promise<string> {
  const res = await c.t.http.post('/api/v1/missions').set(await manager(c))
    .send({ plantId: c.plant, title: 'Permissions', auditTypes: ['thermography'], leadId: await technician(c) });
  if (res.status !== 201) throw new Error(res.text);
  return res.body.id;
}

/** A mission with a rendered order on file, as the job would leave it. */
async function sharedMission(c: Context): Promise<string> {
  const known = shared.get(c.plant);
  if (known) return known;
  const id = await mission(c);
  shared.set(c.plant, id);
  const store = orderStore(c.t.app.deps.config.filesDir);
  const stored = await store.put(Readable.from([Buffer.from('%PDF-1.7 test')]), 1000);
  for (const locale of ['fr', 'en']) {
    await c.t.db.pool.query(
      `insert into mission_documents (mission_id, version, locale, mission_revision, sha256, storage_key, size_bytes) values ($1, 99, $2, 1, $3, $4, $5)`,
      [id, locale, stored.sha256, store.key(stored.sha256), stored.size]);
  }
  return id;
}

/** A free slot: a day of its own in 2032, in daylight (a thermography mission). */
function slot() {
  day += 1;
  const start = new Date(Date.UTC(2032, 0, 1, 8) + day * 86_400_000);
  return { start: start.toISOString(), end: new Date(start.getTime() + 4 * 3_600_000).toISOString() };
}

async function intervention(c: Context): Promise<string> {
  const res = await c.t.http.post(`/api/v1/missions/${await sharedMission(c)}/interventions`).set(await manager(c))
    .send({ technicianId: await technician(c), ...slot() });
  if (res.status !== 201) throw new Error(res.text);
  return res.body.id;
}

async function feed(c: Context): Promise<{ id: string; url: string }> {
  const res = await c.t.http.post('/api/v1/calendar-feeds').set(await manager(c)).send({ technicianId: await technician(c) });
  if (res.status !== 201) throw new Error(res.text);
  return res.body;
}

export async function missionRequest(key: string, c: Context): Promise<{ path: string; body?: object } | null> {
  if (!(key in MISSION_EXPECTED)) return null;
  const [, template] = key.split(' ') as [string, string];
  const path = template.includes('{missionId}') ? template.replace('{missionId}', await sharedMission(c)) : template;
  switch (key) {
    case 'GET /plants/{plantId}/mission-choices':
      return { path: path.replace('{plantId}', c.plant) };
    case 'GET /missions/safety-defaults':
      return { path: `${path}?auditTypes=el,iv` };
    case 'POST /missions':
      return { path, body: { plantId: c.plant, title: 'New', auditTypes: ['visual'] } };
    case 'PATCH /missions/{missionId}':
      return { path, body: { accessNotes: 'North gate' } };
    case 'POST /missions/{missionId}/status':
      // Staying a draft: allowed to every staff role (a technician may only start and finish).
      return { path, body: { status: 'draft' } };
    case 'POST /planning/check':
      return { path, body: { missionId: await sharedMission(c), technicianId: await technician(c), ...slot() } };
    case 'POST /missions/{missionId}/interventions':
      return { path, body: { technicianId: await technician(c), ...slot() } };
    case 'PATCH /interventions/{interventionId}':
      return { path: path.replace('{interventionId}', await intervention(c)), body: { notes: 'moved' } };
    case 'DELETE /interventions/{interventionId}':
      return { path: path.replace('{interventionId}', await intervention(c)) };
    case 'GET /planning/board':
      return { path: `${path}?from=2032-01-01&to=2032-03-31` };
    case 'GET /planning/week-routes':
      return { path: `${path}?week=2032-01-07` };
    case 'POST /planning/unavailability':
      return { path, body: { technicianId: await technician(c), ...slot() } };
    case 'DELETE /planning/unavailability/{unavailabilityId}': {
      const res = await c.t.http.post('/api/v1/planning/unavailability').set(await manager(c)).send({ technicianId: await technician(c), ...slot() });
      return { path: path.replace('{unavailabilityId}', res.body.id) };
    }
    case 'POST /calendar-feeds':
      return { path, body: { technicianId: await technician(c) } };
    case 'DELETE /calendar-feeds/{feedId}':
      return { path: path.replace('{feedId}', (await feed(c)).id) };
    case 'GET /calendar/{feedToken}':
      return { path: new URL((await feed(c)).url).pathname.replace('/api/v1', '') };
    case 'POST /notifications/read':
      return { path, body: {} };
    default:
      return { path };
  }
}
