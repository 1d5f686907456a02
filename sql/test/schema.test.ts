import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULE_STATUSES, STATUS_RANK } from '@calepin/core';
import { TEMPLATE_EMPTY, type TestDatabase, testDatabase } from '../../test-support/db';
import { listenTo } from '../../test-support/notifications';

let db: TestDatabase;
const CLIENT = '10000000-0000-4000-8000-000000000001';
const PLANT = '10000000-0000-4000-8000-000000000002';
const OTHER_PLANT = '10000000-0000-4000-8000-000000000003';
const AUDIT_OLD = '10000000-0000-4000-8000-000000000004';
const AUDIT_NEW = '10000000-0000-4000-8000-000000000005';

// A 1 × 2 m rectangle in Lambert-93 near Toulouse, as EPSG:4326.
const rect = (x: number, y: number) =>
  `st_transform(st_makeenvelope(${x}, ${y}, ${x + 1}, ${y + 2}, 2154), 4326)`;

beforeAll(async () => {
  db = await testDatabase(TEMPLATE_EMPTY);
  await db.pool.query(`
    insert into clients (id, name) values ('${CLIENT}', 'Client');
    insert into plants (id, client_id, name, srid, location) values
      ('${PLANT}', '${CLIENT}', 'Plant', 2154, st_transform(st_setsrid(st_point(570000, 6280000), 2154), 4326)),
      ('${OTHER_PLANT}', '${CLIENT}', 'Other', 2154, null);
    insert into audits (id, plant_id, audit_type, started_at) values
      ('${AUDIT_OLD}', '${PLANT}', 'el', now() - interval '1 year'),
      ('${AUDIT_NEW}', '${PLANT}', 'thermography', now() - interval '1 day');
  `);
});
afterAll(() => db.drop());

async function insertModule(code: string, x: number, plant = PLANT): Promise<string> {
  const { rows } = await db.pool.query(
    `insert into modules (plant_id, code, geom) values ($1, $2, ${rect(x, 6280000)}) returning id`,
    [plant, code],
  );
  return rows[0].id;
}

const statusOf = async (id: string) =>
  (await db.pool.query('select status from modules where id = $1', [id])).rows[0].status as string;

async function addDefect(audit: string, module: string, status: string, severity = 'warning'): Promise<string> {
  const { rows } = await db.pool.query(
    `insert into defects (plant_id, audit_id, module_id, defect_type, module_status, severity, geom)
     select $1, $2, $3, 'other', $4, $5, st_pointonsurface(geom) from modules where id = $3 returning id`,
    [PLANT, audit, module, status, severity],
  );
  return rows[0].id;
}

describe('schema constraints', () => {
  it('refuses a module status or a severity outside the vocabulary', async () => {
    const id = await insertModule('C-1', 0);
    await expect(db.pool.query("update modules set status = 'broken' where id = $1", [id])).rejects.toThrow(/modules_status_check/);
    await expect(addDefect(AUDIT_OLD, id, 'dead', 'critical')).rejects.toThrow(/defects_severity_check/);
  });

  it('refuses invalid, empty and out-of-world geometry', async () => {
    const bowtie = "st_geomfromtext('POLYGON((1 43, 1.001 43.001, 1.001 43, 1 43.001, 1 43))', 4326)";
    await expect(
      db.pool.query(`insert into modules (plant_id, code, geom) values ($1, 'BAD', ${bowtie})`, [PLANT]),
    ).rejects.toThrow(/modules_geom_check/);
    const polar = "st_geomfromtext('POLYGON((1 89, 1.001 89, 1.001 89.001, 1 89))', 4326)";
    await expect(
      db.pool.query(`insert into modules (plant_id, code, geom) values ($1, 'POLAR', ${polar})`, [PLANT]),
    ).rejects.toThrow(/modules_geom_check/);
  });

  it('keeps the EPSG:3857 copy in step with the geometry', async () => {
    const id = await insertModule('C-2', 10);
    await db.pool.query(`update modules set geom = ${rect(500, 6280000)} where id = $1`, [id]);
    const { rows } = await db.pool.query(
      'select st_distance(st_transform(geom, 3857), geom_3857) as d from modules where id = $1',
      [id],
    );
    expect(rows[0].d).toBeLessThan(1e-6);
  });

  it('bumps updated_at and the revision on every update, and soft-deletes', async () => {
    const id = await insertModule('C-3', 20);
    const before = (await db.pool.query('select revision, updated_at from modules where id = $1', [id])).rows[0];
    await db.pool.query("update modules set serial_number = 'SN1' where id = $1", [id]);
    await db.pool.query('update modules set deleted_at = now() where id = $1', [id]);
    const after = (await db.pool.query('select revision, updated_at, deleted_at from modules where id = $1', [id])).rows[0];
    expect(Number(after.revision)).toBeGreaterThan(Number(before.revision));
    expect(after.updated_at.getTime()).toBeGreaterThanOrEqual(before.updated_at.getTime());
    expect(after.deleted_at).not.toBeNull();
  });

  it('keeps module codes unique per plant among live modules only', async () => {
    const id = await insertModule('S9-M1', 30);
    await expect(insertModule('S9-M1', 40)).rejects.toThrow(/modules_code_key/);
    await insertModule('S9-M1', 40, OTHER_PLANT);
    await db.pool.query('update modules set deleted_at = now() where id = $1', [id]);
    await insertModule('S9-M1', 50);
  });

  it('computes cable lengths in metres in the plant CRS', async () => {
    const { rows } = await db.pool.query(
      `insert into cables (plant_id, code, geom)
       values ($1, 'C1', st_transform(st_makeline(st_setsrid(st_point(570000, 6280000), 2154),
                                                  st_setsrid(st_point(570120, 6280050), 2154)), 4326))
       returning length_m`,
      [PLANT],
    );
    expect(Number(rows[0].length_m)).toBeCloseTo(130, 1);
  });

  it('refuses two overlapping interventions of one technician', async () => {
    const { rows } = await db.pool.query(`
      insert into users (email, password_hash, role, full_name) values ('t@x.test', 'x', 'technician', 'T') returning id`);
    const tech = rows[0].id;
    const mission = (
      await db.pool.query(
        `insert into missions (plant_id, reference, title, audit_types) values ($1, 'M-1', 'Night EL', '{el}') returning id`,
        [PLANT],
      )
    ).rows[0].id;
    const slot = "insert into interventions (mission_id, technician_id, period) values ($1, $2, tstzrange($3::timestamptz, $4::timestamptz))";
    await db.pool.query(slot, [mission, tech, '2026-06-01 20:00Z', '2026-06-02 04:00Z']);
    await expect(db.pool.query(slot, [mission, tech, '2026-06-02 02:00Z', '2026-06-02 06:00Z'])).rejects.toThrow(
      /interventions_no_overlap/,
    );
    await db.pool.query(slot, [mission, tech, '2026-06-02 04:00Z', '2026-06-02 06:00Z']);
  });
});

describe('module status derivation', () => {
  it('ranks statuses in SQL exactly as core does', async () => {
    for (const status of MODULE_STATUSES) {
      const { rows } = await db.pool.query('select status_rank($1) as rank', [status]);
      expect([status, rows[0].rank]).toEqual([status, STATUS_RANK[status]]);
    }
  });

  it('is pending until audited, the worst open defect while open, ok once resolved', async () => {
    const id = await insertModule('D-1', 100);
    expect(await statusOf(id)).toBe('pending');
    await addDefect(AUDIT_NEW, id, 'inequality');
    expect(await statusOf(id)).toBe('inequality');
    const dead = await addDefect(AUDIT_NEW, id, 'dead', 'urgent');
    await addDefect(AUDIT_NEW, id, 'microcracks');
    expect(await statusOf(id)).toBe('dead');
    await db.pool.query('update defects set resolved_at = now() where id = $1', [dead]);
    expect(await statusOf(id)).toBe('microcracks');
    await db.pool.query('update defects set deleted_at = now() where module_id = $1', [id]);
    expect(await statusOf(id)).toBe('ok');
  });

  it('follows the most recent audit that inspected the module', async () => {
    const id = await insertModule('D-2', 110);
    await addDefect(AUDIT_OLD, id, 'dead', 'urgent');
    expect(await statusOf(id)).toBe('dead');
    await db.pool.query('insert into audit_modules (audit_id, module_id, plant_id) values ($1, $2, $3)', [
      AUDIT_NEW, id, PLANT,
    ]);
    expect(await statusOf(id)).toBe('ok');
    await db.pool.query('update audits set deleted_at = now() where id = $1', [AUDIT_NEW]);
    expect(await statusOf(id)).toBe('dead');
    await db.pool.query('update audits set deleted_at = null where id = $1', [AUDIT_NEW]);
  });

  it('ignores AI suggestions until a person validates them', async () => {
    const id = await insertModule('D-3', 120);
    const { rows } = await db.pool.query(
      `insert into defects (plant_id, audit_id, module_id, defect_type, module_status, severity, geom, source, ai_confidence)
       select $1, $2, $3, 'microcrack', 'microcracks', 'warning', st_pointonsurface(geom), 'ai', 0.91
         from modules where id = $3 returning id`,
      [PLANT, AUDIT_NEW, id],
    );
    expect(await statusOf(id)).toBe('ok');
    await db.pool.query('update defects set validated_at = now() where id = $1', [rows[0].id]);
    expect(await statusOf(id)).toBe('microcracks');
  });
});

describe('change notifications', () => {
  async function collect(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
    const listener = new pg.Client({ connectionString: db.url });
    await listener.connect();
    const notices = await listenTo<Record<string, unknown>>(listener, 'layout_changes');
    await run();
    await notices.settle();
    await listener.end();
    return notices.seen;
  }

  it('sends the bounding box of where a module was and where it is', async () => {
    const id = await insertModule('N-1', 1000);
    const payloads = await collect(() =>
      db.pool.query(`update modules set geom = ${rect(3000, 6280000)} where id = $1`, [id]),
    );
    expect(payloads).toHaveLength(1);
    const [note] = payloads as [{ table: string; op: string; plant_id: string; bbox: number[]; rows: number }];
    expect(note).toMatchObject({ table: 'modules', op: 'UPDATE', plant_id: PLANT, rows: 1 });
    const { rows } = await db.pool.query(
      `select st_xmin(e) as x0, st_xmax(e) as x1 from (select st_extent(g) as e from (
         select ${rect(1000, 6280000)} as g union all select ${rect(3000, 6280000)}) s) t`,
    );
    expect(note.bbox[0]).toBeCloseTo(rows[0].x0, 9);
    expect(note.bbox[2]).toBeCloseTo(rows[0].x1, 9);
  });

  it('sends one notification per statement and plant, even for a bulk insert', async () => {
    const payloads = await collect(() =>
      db.pool.query(
        `insert into modules (plant_id, code, geom)
         select $1, 'BULK-' || i, st_transform(st_makeenvelope(i * 2, 6290000, i * 2 + 1, 6290002, 2154), 4326)
           from generate_series(1, 1000) i`,
        [PLANT],
      ),
    );
    expect(payloads).toEqual([expect.objectContaining({ table: 'modules', op: 'INSERT', rows: 1000 })]);
  });

  it('notifies defect changes and attribute-only changes too', async () => {
    const id = await insertModule('N-2', 1200);
    const payloads = await collect(async () => {
      await addDefect(AUDIT_NEW, id, 'string_open', 'urgent');
    });
    const tables = payloads.map((p) => p.table).sort();
    // The defect itself, then the module whose derived status changed colour.
    expect(tables).toEqual(['defects', 'modules']);
  });
});
