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

const op = async (i: number, extra: Record<string, unknown> = {}) => ({
  id: randomUUID(), table: 'defects', key: { id: randomUUID() }, op: 'create', deviceTime: new Date().toISOString(),
  columns: {
    audit_id: { new: m.audits.el }, module_id: { new: m.modules[i] }, defect_type: { new: 'microcrack' },
    module_status: { new: 'microcracks' }, severity: { new: 'warning' }, geom: { new: await moduleCentroid(t.db.pool, m.modules[i] as string) },
    ...extra,
  },
});

describe('a batch sent twice at the same time', () => {
  it('is applied once and both requests get the same answer', async () => {
    const batchId = randomUUID();
    const operations = await Promise.all([10, 11, 12].map((i) => op(i)));
    const [a, b] = await Promise.all([push(operations, batchId), push(operations, batchId)]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.body).toEqual(a.body);
    const { rows } = await t.db.pool.query('select count(*)::int as n from defects where id = any($1)', [operations.map((o) => o.key.id)]);
    expect(rows[0].n).toBe(3);
    const ops = await t.db.pool.query('select count(*)::int as n from sync_operations where batch_id = $1', [batchId]);
    expect(ops.rows[0].n).toBe(3);
  });
});

describe('the device time', () => {
  it('dates the change, and is clamped to the server clock + 5 min when it runs ahead', async () => {
    const early = await op(13);
    early.deviceTime = '2026-11-30T23:10:00.000+01:00';
    const ahead = await op(14);
    ahead.deviceTime = '2030-01-01T00:00:00.000Z';
    expect((await push([early, ahead])).status).toBe(200);
    const { rows } = await t.db.pool.query(
      `select d.observed_at, o.device_time, o.device_time_sent from defects d join sync_operations o on o.id = $3
        where d.id = $1 union all
       select d.observed_at, o.device_time, o.device_time_sent from defects d join sync_operations o on o.id = $4 where d.id = $2`,
      [early.key.id, ahead.key.id, early.id, ahead.id],
    );
    expect(new Date(rows[0].observed_at).toISOString()).toBe('2026-11-30T22:10:00.000Z');
    expect(new Date(rows[1].device_time_sent).toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(new Date(rows[1].device_time).getTime()).toBeLessThanOrEqual(Date.now() + 5 * 60_000);
    expect(new Date(rows[1].observed_at).getTime()).toBe(new Date(rows[1].device_time).getTime());
  });
});

describe('a rejected operation', () => {
  it('says why in the caller’s language and does not stop the others', async () => {
    const bad = await op(15, { severity: { new: 'énorme' } });
    const good = await op(16);
    const res = await push([bad, good]).set('Accept-Language', 'fr-FR');
    expect(res.body.results[0]).toMatchObject({ status: 'rejected', code: 'invalid', field: 'severity' });
    expect(res.body.results[0].message).toBe("severity: doit être l'une de ces valeurs : info, warning, urgent");
    expect(res.body.results[1]).toMatchObject({ status: 'applied' });
  });
});

describe('a whole push refused', () => {
  const batch = (overrides: Record<string, unknown>) => ({ protocol: 1, deviceId: 'tablet-1', batchId: randomUUID(), missionId: m.missionId, operations: [], ...overrides });

  it('is a 400 naming the field when malformed', async () => {
    for (const [body, field] of [
      [batch({ batchId: 'nope' }), 'batchId'],
      [batch({ operations: 'all of them' }), 'operations'],
      [batch({ protocol: 2 }), 'protocol'],
      [batch({ operations: [{ id: randomUUID(), table: 'defects', key: {}, op: 'upsert', deviceTime: 'now', columns: {} }] }), 'operations.0.op'],
    ] as const) {
      const res = await t.http.post('/api/v1/sync/push').set(tech).send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.field).toBe(field);
    }
  });

  it('is a 413 above 1,000 operations or 2 MiB, a 415 when not JSON', async () => {
    const many = Array.from({ length: 1001 }, () => ({ id: randomUUID(), table: 'defects', key: { id: randomUUID() }, op: 'delete', deviceTime: new Date().toISOString(), columns: {} }));
    const res = await t.http.post('/api/v1/sync/push').set(tech).send(batch({ operations: many }));
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'too_many_operations', field: 'operations' });
    const huge = await t.http.post('/api/v1/sync/push').set(tech).send(batch({ deviceId: 'x'.repeat(3 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    const text = await t.http.post('/api/v1/sync/push').set(tech).set('Content-Type', 'text/plain').send('hello');
    expect(text.status).toBe(415);
  });

  it('is a 403 for a technician off the mission or a client, 404 for an unknown mission', async () => {
    const outsider = await missionFixture(t.db.pool, { members: [] });
    const off = await t.http.post('/api/v1/sync/push').set(tech).send(batch({ missionId: outsider.missionId }));
    expect(off.status).toBe(403);
    expect(off.body.error).toMatchObject({ field: 'missionId', message: 'missionId: you are not a member of this mission' });
    const client = await t.http.post('/api/v1/sync/push').set(bearer(await t.token('client'))).send(batch({}));
    expect(client.status).toBe(403);
    expect((await t.http.post('/api/v1/sync/push').set(tech).send(batch({ missionId: randomUUID() }))).status).toBe(404);
  });

  it('is a 409 when another user re-uses a batch id', async () => {
    const body = batch({ operations: [await op(17)] });
    expect((await t.http.post('/api/v1/sync/push').set(tech).send(body)).status).toBe(200);
    const manager = await t.http.post('/api/v1/sync/push').set(bearer(await t.token('manager'))).send(body);
    expect(manager.status).toBe(409);
    expect(manager.body.error).toMatchObject({ code: 'batch_other_user', field: 'batchId' });
  });
});
