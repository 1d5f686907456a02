// Push (docs/sync.md §4): results per operation, idempotency by batch and operation id.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { type MissionFixture, missionFixture, moduleCentroid } from './sync/fixtures';

let t: TestApp;
let tech: Record<string, string>;
let m: MissionFixture;

beforeAll(async () => {
  t = await testApp();
  tech = bearer(await t.token('technician'));
  m = await missionFixture(t.db.pool);
});
afterAll(async () => t?.close());

const push = (operations: unknown[], batchId = randomUUID()) =>
  t.http.post('/api/v1/sync/push').set(tech).send({ protocol: 1, deviceId: 'tablet-1', batchId, missionId: m.missionId, operations });

describe('a push', () => {
  it('creates a defect and a module result, and derives the module status', async () => {
    const defectId = randomUUID();
    const module = m.modules[0] as string;
    const res = await push([
      { id: randomUUID(), table: 'audit_modules', key: { audit_id: m.audits.el, module_id: module }, op: 'create',
        deviceTime: '2026-12-06T22:40:00.000+01:00', columns: { inspected_at: { new: '2026-12-06T22:40:00.000+01:00' } } },
      { id: randomUUID(), table: 'defects', key: { id: defectId }, op: 'create', deviceTime: '2026-12-06T22:41:07.120+01:00',
        columns: {
          audit_id: { new: m.audits.el }, module_id: { new: module }, defect_type: { new: 'microcrack' },
          module_status: { new: 'microcracks' }, severity: { new: 'warning' }, geom: { new: await moduleCentroid(t.db.pool, module) },
        } },
    ]);
    expect(res.status, res.text).toBe(200);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    const { rows } = await t.db.pool.query('select status from modules where id = $1', [module]);
    expect(rows[0].status).toBe('microcracks');
  });
});
