// The defect clusters of low zooms come from tile_defect_cells (sql/migrations/020),
// moved by triggers: after any mix of edits they must equal a count from scratch, and a
// cluster tile must follow an edit.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeTile } from './decode';
import { type TileTest, tileAt, tileTest } from './support';

let t: TileTest;
let plant: { id: string; lon: number; lat: number };
let audit: string;

beforeAll(async () => {
  t = await tileTest();
  const { rows } = await t.api.db.pool.query<{ id: string; lon: number; lat: number; audit: string }>(
    `select p.id, st_x(p.location) as lon, st_y(p.location) as lat,
            (select id from audits a where a.plant_id = p.id order by started_at desc nulls last limit 1) as audit
       from plants p where name = 'Centrale au sol de Saint-Lys'`,
  );
  plant = rows[0] as typeof plant;
  audit = (rows[0] as { audit: string }).audit;
});
afterAll(() => t?.close());

/** The cells as kept, and as counted from the defects themselves, as comparable text. */
async function cells(): Promise<{ kept: string[]; counted: string[] }> {
  const columns = `plant_id, audit_id, z, cx, cy, n, warning, urgent, rank1, rank2, rank3, rank4, rank5`;
  const kept = await t.api.db.pool.query(
    `select ${columns}, round((sum_x / n)::numeric, 2) as x, round((sum_y / n)::numeric, 2) as y
       from tile_defect_cells order by 1, 2, 3, 4, 5`,
  );
  const counted = await t.api.db.pool.query(
    `select ${columns}, round(x::numeric, 2) as x, round(y::numeric, 2) as y from (
       select d.plant_id, d.audit_id, z,
              floor(st_x(d.geom_3857) / (40075016.6855784 / 2 ^ z / 32))::int as cx,
              floor(st_y(d.geom_3857) / (40075016.6855784 / 2 ^ z / 32))::int as cy,
              count(*)::int as n,
              count(*) filter (where severity = 'warning')::int as warning,
              count(*) filter (where severity = 'urgent')::int as urgent,
              count(*) filter (where module_status = 'inequality')::int as rank1,
              count(*) filter (where module_status = 'microcracks')::int as rank2,
              count(*) filter (where module_status = 'not_connected')::int as rank3,
              count(*) filter (where module_status = 'string_open')::int as rank4,
              count(*) filter (where module_status = 'dead')::int as rank5,
              avg(st_x(d.geom_3857)) as x, avg(st_y(d.geom_3857)) as y
         from defects d, generate_series(0, 16) z
        where d.deleted_at is null and d.resolved_at is null and (d.source = 'manual' or d.validated_at is not null)
        group by 1, 2, 3, 4, 5) c
      order by 1, 2, 3, 4, 5`,
  );
  const text = (rows: unknown[]) => rows.map((r) => JSON.stringify(r));
  return { kept: text(kept.rows), counted: text(counted.rows) };
}

describe('defect clusters kept ready (tile_defect_cells)', () => {
  test('the demo data is counted as from scratch', async () => {
    const { kept, counted } = await cells();
    expect(kept.length).toBeGreaterThan(17);
    expect(kept).toEqual(counted);
  });

  test('after inserts, moves, resolutions, AI suggestions, validation and deletes: still equal', async () => {
    const db = t.api.db.pool;
    // Ten new defects on the first modules, two of them AI suggestions not yet validated.
    const { rows: added } = await db.query<{ id: string }>(
      `insert into defects (plant_id, audit_id, module_id, defect_type, module_status, severity, geom, source, ai_confidence)
       select plant_id, $2, id, 'hot_spot', 'microcracks', 'warning', st_centroid(geom),
              case when row_number() over () <= 2 then 'ai' else 'manual' end,
              case when row_number() over () <= 2 then 0.9 end
         from (select * from modules where plant_id = $1 order by code limit 10) m
       returning id`,
      [plant.id, audit],
    );
    const ids = added.map((r) => r.id);
    expect((await cells()).kept).toEqual((await cells()).counted);

    await db.query(`update defects set severity = 'urgent', module_status = 'dead' where id = $1`, [ids[3]]);
    await db.query(
      `update defects set geom = st_translate(geom, 0.01, 0.01) where id = $1`, // about 1 km away
      [ids[4]],
    );
    await db.query(`update defects set resolved_at = now() where id = $1`, [ids[5]]);
    await db.query(`update defects set validated_at = now() where id = $1`, [ids[0]]);
    await db.query(`update defects set deleted_at = now() where id = $1`, [ids[6]]);
    await db.query(`update defects set description = 'no change for the tiles' where id = any($1)`, [ids]);
    await db.query(`delete from defects where id = $1`, [ids[7]]);
    const { kept, counted } = await cells();
    expect(kept).toEqual(counted);

    // Everything added goes: the cells are back to the demo data's.
    await db.query(`delete from defects where id = any($1)`, [ids]);
    const after = await cells();
    expect(after.kept).toEqual(after.counted);
  });

  test('a cluster tile follows a defect being resolved', async () => {
    const path = `/defects/${tileAt(plant.lon, plant.lat, 11)}?plant=${plant.id}`;
    const total = (body: Buffer) =>
      (decodeTile(body).defects ?? []).reduce((sum, f) => sum + Number(f.properties.count), 0);
    const before = total((await t.as('manager', path)).body);
    expect(before).toBeGreaterThan(0);

    const applied = t.changesApplied();
    await t.api.db.pool.query(
      `update defects set resolved_at = now()
        where id = (select id from defects where plant_id = $1 and resolved_at is null and deleted_at is null
                       and source = 'manual' order by id limit 1)`,
      [plant.id],
    );
    await applied;
    const reply = await t.as('manager', path);
    expect(reply.headers['x-tile-cache']).toBe('miss');
    expect(total(reply.body)).toBe(before - 1);
  });
});
