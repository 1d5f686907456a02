// Pull (docs/sync.md §5): paged, scoped to the mission, deletions as op "delete", and a
// cursor that never skips a transaction that committed late.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse } from '@calepin/core/sync';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { adminUrl } from '../../test-support/db';
import { type MissionFixture, missionFixture, moduleCentroid } from './sync/fixtures';

let t: TestApp;
let tech: Record<string, string>;
let m: MissionFixture;
let other: MissionFixture;

beforeAll(async () => {
  t = await testApp();
  tech = bearer(await t.token('technician'));
  m = await missionFixture(t.db.pool);
  other = await missionFixture(t.db.pool, { plant: 'ground' });
});
afterAll(async () => t?.close());

const push = async (mission: MissionFixture, operations: unknown[]) => {
  const res = await t.http.post('/api/v1/sync/push').set(tech)
    .send({ protocol: 1, deviceId: 'tablet-1', batchId: randomUUID(), missionId: mission.missionId, operations });
  expect(res.status, res.text).toBe(200);
  return res.body;
};

const defect = async (mission: MissionFixture, i: number, id = randomUUID()) => ({
  id: randomUUID(), table: 'defects', key: { id }, op: 'create', deviceTime: new Date().toISOString(),
  columns: {
    audit_id: { new: mission.audits.el }, module_id: { new: mission.modules[i] }, defect_type: { new: 'microcrack' },
    module_status: { new: 'microcracks' }, severity: { new: 'warning' }, geom: { new: await moduleCentroid(t.db.pool, mission.modules[i] as string) },
  },
});

async function pullAll(missionId: string, cursor?: string, limit = 1000): Promise<{ changes: PullResponse['changes']; cursor: string; pages: number; last: PullResponse }> {
  const changes: PullResponse['changes'] = [];
  let pages = 0;
  for (;;) {
    const res = await t.http.get(`/api/v1/sync/missions/${missionId}/changes`).query({ ...(cursor ? { cursor } : {}), limit }).set(tech);
    expect(res.status, res.text).toBe(200);
    const page = res.body as PullResponse;
    pages++;
    changes.push(...page.changes);
    cursor = page.cursor;
    if (!page.more) return { changes, cursor, pages, last: page };
  }
}

// A pull hands out only what committed below the oldest running transaction that may have
// written its rows (sync_horizon(), docs/sync.md §5): the server's own work may hold a change
// back for a moment.
// So pull on from each cursor, as a device does, until `done` holds for all that came
// (the test's timeout bounds it).
async function pullUntil(
  missionId: string, cursor: string | undefined, done: (changes: PullResponse['changes']) => boolean, limit?: number,
): Promise<{ changes: PullResponse['changes']; pages: number }> {
  const changes: PullResponse['changes'] = [];
  let pages = 0;
  for (;;) {
    const page = await pullAll(missionId, cursor, limit);
    changes.push(...page.changes);
    pages += page.pages;
    if (done(changes)) return { changes, pages };
    cursor = page.cursor;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a pull', () => {
  it('brings everything of the mission, and only of the mission, in pages', async () => {
    await push(m, await Promise.all([0, 1, 2, 3, 4].map((i) => defect(m, i))));
    await push(other, [await defect(other, 0)]);
    const defects = (all: PullResponse['changes']) => all.filter((c) => c.table === 'defects');
    const { changes, pages } = await pullUntil(m.missionId, undefined, (all) => defects(all).length >= 5, 3);
    expect(pages).toBeGreaterThan(2);
    const tables = new Set(changes.map((c) => c.table));
    expect([...tables].sort()).toEqual(['audit_modules', 'audits', 'checklist_templates', 'defects', 'mission_members', 'missions'].sort());
    expect(defects(changes)).toHaveLength(5);
    expect(changes.every((c) => c.table !== 'missions' || c.key.id === m.missionId)).toBe(true);
    const revisions = changes.map((c) => c.revision);
    expect(new Set(revisions).size).toBe(revisions.length);
    const row = changes.find((c) => c.table === 'defects')?.row as Record<string, unknown>;
    expect(row.geom).toMatchObject({ type: 'Point' });
    expect(row).not.toHaveProperty('sync_xid');
    expect(row).not.toHaveProperty('geom_3857');
  });

  it('from its cursor, brings what changed since, deletions as deletes', async () => {
    const { cursor } = await pullAll(m.missionId);
    const first = await defect(m, 5);
    await push(m, [first]);
    await push(m, [{ id: randomUUID(), table: 'defects', key: first.key, op: 'delete', deviceTime: new Date().toISOString(), columns: {} }]);
    const moduleResult = (c: PullResponse['changes'][number]) => c.table === 'audit_modules' && c.key.module_id === m.modules[5];
    const isFirst = (c: PullResponse['changes'][number]) => c.table === 'defects' && c.key.id === first.key.id;
    const { changes } = await pullUntil(m.missionId, cursor, (all) => all.some(isFirst) && all.some(moduleResult));
    const mine = changes.filter(isFirst);
    // The row is gone: a create pulled after it was deleted is never handed out, only its delete.
    expect(mine).toEqual([{ table: 'defects', key: first.key, op: 'delete', revision: expect.any(Number) }]);
    // The module's derived result changed too.
    expect(changes.some(moduleResult)).toBe(true);
  });

  it('never skips a transaction that commits after a later revision was pulled', async () => {
    const { cursor } = await pullAll(m.missionId);
    const ids = [randomUUID(), randomUUID()];
    await push(m, [await defect(m, 6, ids[0]), await defect(m, 7, ids[1])]);
    const { cursor: after } = await pullAll(m.missionId, cursor);
    // The two rows' descriptions as they come (their creates may come late too, undescribed).
    const described = (all: PullResponse['changes']) => all
      .filter((c) => c.table === 'defects' && (ids as string[]).includes(c.key.id as string) && c.row?.description)
      .map((c) => c.row?.description);

    // A slow writer takes a revision first and commits last.
    const slow = new pg.Client({ connectionString: t.db.url });
    await slow.connect();
    try {
      await slow.query('begin');
      await slow.query("update defects set description = 'slow' where id = $1", [ids[0]]);
      await t.db.pool.query("update defects set description = 'fast' where id = $1", [ids[1]]);
      const { rows } = await t.db.pool.query('select id, revision from defects where id = any($1)', [ids]);
      const revision = Object.fromEntries(rows.map((r) => [r.id, Number(r.revision)]));
      expect(revision[ids[0] as string]).toBeLessThan(revision[ids[1] as string] as number);

      // While the slow one runs, the fast one waits too: pulling it would move the cursor past the slow one.
      const during = await pullAll(m.missionId, after);
      expect(described(during.changes)).toEqual([]);
      await slow.query('commit');
    } finally {
      await slow.end();
    }
    // Both come, the slow one included — not always in one pull (see pullUntil).
    const { changes } = await pullUntil(m.missionId, after, (all) => described(all).length >= 2);
    expect(described(changes).sort()).toEqual(['fast', 'slow']);
  });

  it('is held back by a running transaction of its database only, not by one of another database', async () => {
    const { cursor } = await pullAll(m.missionId);
    // Transaction ids are shared by the cluster's databases: this one, in another database,
    // is older than the push below, and runs until the pull is done.
    const elsewhere = new pg.Client({ connectionString: adminUrl() });
    const here = new pg.Client({ connectionString: t.db.url });
    await Promise.all([elsewhere.connect(), here.connect()]);
    try {
      await elsewhere.query('begin');
      await elsewhere.query('select pg_current_xact_id()');
      const first = await defect(m, 10);
      await push(m, [first]);
      const pulled = await pullAll(m.missionId, cursor);
      expect(pulled.changes.filter((c) => c.key.id === first.key.id)).toHaveLength(1);

      // One in this database that may have written a row holds the pull until it ends.
      await here.query('begin');
      await here.query('select pg_current_xact_id()');
      const second = await defect(m, 11);
      await push(m, [second]);
      expect((await pullAll(m.missionId, pulled.cursor)).changes.filter((c) => c.key.id === second.key.id)).toEqual([]);
      await here.query('commit');
      const { changes } = await pullUntil(m.missionId, pulled.cursor, (all) => all.some((c) => c.key.id === second.key.id));
      expect(changes.filter((c) => c.key.id === second.key.id)).toHaveLength(1);
    } finally {
      await elsewhere.query('rollback').catch(() => undefined);
      await Promise.all([elsewhere.end(), here.end()]);
    }
  });

  it('tells the layout revision, which a layout edit changes and a status does not', async () => {
    const before = (await pullAll(m.missionId)).last.layoutRevision;
    await push(m, [await defect(m, 8)]);
    expect((await pullAll(m.missionId)).last.layoutRevision).toBe(before);
    await t.db.pool.query('update modules set tilt_deg = 12 where id = $1', [m.modules[9]]);
    expect((await pullAll(m.missionId)).last.layoutRevision).toBeGreaterThan(before);
  });

  it('refuses a client, an unknown mission and a cursor it did not give', async () => {
    const client = bearer(await t.token('client'));
    expect((await t.http.get(`/api/v1/sync/missions/${m.missionId}/changes`).set(client)).status).toBe(403);
    expect((await t.http.get(`/api/v1/sync/missions/${randomUUID()}/changes`).set(tech)).status).toBe(404);
    const bad = await t.http.get(`/api/v1/sync/missions/${m.missionId}/changes`).query({ cursor: 'eyJ4IjoxfQ' }).set(tech);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_cursor', field: 'cursor' });
  });
});
