// Shared by the plans tests: fixtures, job waiting, truth comparisons.
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { type PlanFixtures, writePlanFixtures } from '@calepin/data-fixtures/plans';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { type TestApp, bearer, testApp, waitJob } from '../../test-support/app';

export { waitJob };

export const run = promisify(execFile);
export const COG_VALIDATOR = '/usr/share/doc/python3-gdal/examples/validate_cloud_optimized_geotiff.py';

export async function fixtures(): Promise<PlanFixtures> {
  return writePlanFixtures(await mkdtemp(join(tmpdir(), 'calepin-plans-')));
}

/** Lambert-93 → lon/lat through PostGIS. */
export async function toLonLat(t: TestApp, points: [number, number][]): Promise<[number, number][]> {
  const { rows } = await t.db.pool.query(
    `select st_x(p) as x, st_y(p) as y from unnest($1::float8[], $2::float8[]) with ordinality u(x, y, n),
       lateral st_transform(st_setsrid(st_makepoint(x, y), 2154), 4326) p order by n`,
    [points.map((p) => p[0]), points.map((p) => p[1])],
  );
  return rows.map((r) => [r.x, r.y]);
}

/** The lon/lat box of the plan's four corners at their true place. */
export async function trueBounds(t: TestApp, f: PlanFixtures): Promise<[number, number, number, number]> {
  const corners = await toLonLat(t, ([[0, 0], [f.width, 0], [0, f.height], [f.width, f.height]] as [number, number][]).map((p) => f.truth(p)));
  const lons = corners.map((c) => c[0]);
  const lats = corners.map((c) => c[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

/** Largest distance in metres between the edges of two lon/lat boxes. */
export function boundsErrorM(a: number[], b: number[]): number {
  const lat = ((a[1]! + a[3]!) / 2) * (Math.PI / 180);
  const mLon = 111_320 * Math.cos(lat);
  const mLat = 110_574;
  return Math.max(
    Math.abs(a[0]! - b[0]!) * mLon, Math.abs(a[2]! - b[2]!) * mLon,
    Math.abs(a[1]! - b[1]!) * mLat, Math.abs(a[3]! - b[3]!) * mLat,
  );
}

/** A fresh test app, the plan fixtures, a manager, and the fixture PNG uploaded to the ground plant and read by its job. */
export async function uploadedPng(): Promise<{ t: TestApp; f: PlanFixtures; manager: Record<string, string>; planId: string }> {
  const t = await testApp();
  const f = await fixtures();
  const manager = bearer(await t.token('manager'));
  const ground = (await t.db.pool.query('select id from plants where name = $1', [DEMO_PLANTS.ground.name])).rows[0].id;
  const res = await t.http.post(`/api/v1/plants/${ground}/plans`).set(manager).attach('file', f.files.png);
  expect(res.status, res.text).toBe(202);
  expect((await waitJob(t, manager, res.body.job.id)).state).toBe('completed');
  return { t, f, manager, planId: res.body.plan.id };
}
