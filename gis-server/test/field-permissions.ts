// The field app's routes in the permission matrix (permissions.test.ts): who may call them,
// and a request that succeeds for an allowed role, on the demo's rooftop mission.
import type { Role } from '@calepin/core';
import type { TestApp } from '../../test-support/app';
import { bearer } from '../../test-support/app';

const STAFF = ['admin', 'manager', 'technician'] as const;

export const FIELD_EXPECTED: Record<string, readonly Role[]> = {
  'GET /field/missions': STAFF,
  'POST /missions/{missionId}/packages': STAFF,
  'GET /missions/{missionId}/packages/{packageId}': STAFF,
};

/** One package built per app, for the download route. */
const built = new WeakMap<TestApp, Promise<{ mission: string; url: string }>>();

async function build(t: TestApp): Promise<{ mission: string; url: string }> {
  const { rows: [{ id: mission }] } = await t.db.pool.query("select id from missions where reference = 'OM-2025-098'");
  const res = await t.http.post(`/api/v1/missions/${mission}/packages`).set(bearer(await t.token('manager')));
  if (res.status !== 201) throw new Error(`package build: ${res.status} ${res.text}`);
  return { mission, url: (res.body.url as string).replace(/^\/api\/v1/, '') };
}

/** A request that succeeds for an allowed role, or null when the route is not one of these. */
export async function fieldRequest(key: string, t: TestApp): Promise<{ path: string } | null> {
  if (!(key in FIELD_EXPECTED)) return null;
  const pkg = await (built.get(t) ?? built.set(t, build(t)).get(t)!);
  if (key === 'GET /field/missions') return { path: '/field/missions' };
  if (key === 'POST /missions/{missionId}/packages') return { path: `/missions/${pkg.mission}/packages` };
  return { path: pkg.url };
}
