import { readFileSync } from 'node:fs';
import pg from 'pg';
import { suggestProjectedSrid } from '@calepin/core';

const GENERATOR_SQL = ['generate_layout.sql', 'demo_audit.sql'].map((name) =>
  readFileSync(new URL(`../sql/${name}`, import.meta.url), 'utf8'),
);

type Queryable = pg.Client | pg.PoolClient;

/** How to lay out a plant; see sql/generate_layout.sql for the rules. */
export interface LayoutSpec {
  modules: number;
  modelId: string;
  /** Module size in metres: width (short side, along the row) and height (up the slope). */
  moduleWidthM: number;
  moduleHeightM: number;
  /** South-west corner of the layout, in the plant's projected CRS. */
  origin: [number, number];
  tiltDeg?: number;
  azimuthDeg?: number;
  baseHeightM?: number;
  rowsPerTable?: number;
  columnsPerTable?: number;
  gapM?: number;
  rowPitchM?: number;
  tableGapM?: number;
  tablesPerRow?: number;
  tablesPerBlock?: [number, number];
  roadM?: number;
  stringLength?: number;
  /** Explicit string lengths (they must add up to `modules`); otherwise stringLength. */
  stringLengths?: number[];
  stringsPerBox?: number;
  boxesPerInverter?: number;
  inverterKw?: number;
}

export interface LayoutCounts {
  modules: number;
  tables: number;
  strings: number;
  junction_boxes: number;
  inverters: number;
  zones: number;
}

/** Installs (or refreshes) the generator's SQL functions in the `fixtures` schema. */
export async function installGenerator(db: Queryable): Promise<void> {
  for (const sql of GENERATOR_SQL) await db.query(sql);
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Generates a plant's whole layout inside PostGIS; the plant row must exist. */
export async function generateLayout(db: Queryable, plantId: string, spec: LayoutSpec): Promise<LayoutCounts> {
  const json = Object.fromEntries(
    Object.entries(spec)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [snake(k), v]),
  );
  const { rows } = await db.query<{ counts: LayoutCounts }>(
    'select fixtures.generate_layout($1, $2::jsonb) as counts',
    [plantId, JSON.stringify(json)],
  );
  return (rows[0] as { counts: LayoutCounts }).counts;
}

/** A plant's boundary (its tables' hull plus a fence margin) and location, from its layout. */
export async function outlinePlant(db: Queryable, plantId: string, marginM: number): Promise<void> {
  await db.query(
    `update plants p
        set boundary = g.boundary, location = st_pointonsurface(g.boundary)
       from (select st_multi(st_transform(st_buffer(st_convexhull(st_collect(st_transform(t.geom, p.srid))), $2::float8, 'join=mitre'), 4326)) as boundary
               from tables t join plants p on p.id = t.plant_id
              where t.plant_id = $1 and t.deleted_at is null group by p.srid) g
      where p.id = $1`,
    [plantId, marginM],
  );
}

/** Projects a lon/lat point into an EPSG CRS, with PostGIS. */
export async function project(db: Queryable, lon: number, lat: number, srid: number): Promise<[number, number]> {
  const { rows } = await db.query<{ x: number; y: number }>(
    'select st_x(p) as x, st_y(p) as y from (select st_transform(st_setsrid(st_point($1, $2), 4326), $3::int) as p) s',
    [lon, lat, srid],
  );
  const row = rows[0] as { x: number; y: number };
  return [row.x, row.y];
}

export interface GeneratePlantOptions {
  modules: number;
  name?: string;
  clientId?: string;
  /** Where the layout starts (its south-west corner), lon/lat. */
  center?: [number, number];
  srid?: number;
  stringLength?: number;
  log?: (line: string) => void;
}

export interface GeneratedPlant extends LayoutCounts {
  plantId: string;
  clientId: string;
  peakKwp: number;
  seconds: number;
}

const BENCH_MODEL = {
  manufacturer: 'JA Solar', model: 'JAM72S30-545/MR', power_wp: 545, width_mm: 1134, height_mm: 2278,
};

/**
 * A plant of any size, built in one transaction: a client ("Calepin Bench" unless one
 * is given), the plant, its whole layout, then its outline. For benchmarks and tests.
 */
export async function generatePlant(databaseUrl: string, options: GeneratePlantOptions): Promise<GeneratedPlant> {
  if (!Number.isInteger(options.modules) || options.modules < 1) throw new Error('modules must be a positive whole number');
  const started = performance.now();
  const log = options.log ?? (() => {});
  const [lon, lat] = options.center ?? [1.05, 43.35];
  const srid = options.srid ?? suggestProjectedSrid(lon, lat);
  const db = new pg.Client({ connectionString: databaseUrl, application_name: 'calepin-fixtures' });
  await db.connect();
  try {
    await db.query('begin');
    await installGenerator(db);
    const clientId = options.clientId ?? (await benchClient(db));
    const modelId = await benchModel(db);
    const name = options.name ?? `Centrale générée ${options.modules.toLocaleString('fr-FR')} modules`;
    const peakKwp = (options.modules * BENCH_MODEL.power_wp) / 1000;
    const { rows } = await db.query<{ id: string }>(
      `insert into plants (client_id, name, mounting, peak_kwp, srid, location, commissioning_date)
       values ($1, $2, 'ground', $3, $4, st_setsrid(st_point($5, $6), 4326), '2024-04-01') returning id`,
      [clientId, name, peakKwp, srid, lon, lat],
    );
    const plantId = (rows[0] as { id: string }).id;
    log(`plant ${plantId}: laying out ${options.modules} modules…`);
    const counts = await generateLayout(db, plantId, {
      modules: options.modules,
      modelId,
      moduleWidthM: BENCH_MODEL.width_mm / 1000,
      moduleHeightM: BENCH_MODEL.height_mm / 1000,
      origin: await project(db, lon, lat, srid),
      stringLength: options.stringLength ?? 24,
      inverterKw: 215,
    });
    await outlinePlant(db, plantId, 15);
    await db.query('commit');
    log('analyzing…');
    // plants too: every layer joins it, and a join with a table never analyzed is planned blind.
    for (const table of ['plants', 'modules', 'tables', 'strings', 'zones', 'inverters', 'junction_boxes', 'cables']) {
      await db.query(`analyze ${table}`);
    }
    return { plantId, clientId, peakKwp, ...counts, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    await db.query('rollback').catch(() => {});
    throw error;
  } finally {
    await db.end();
  }
}

async function benchClient(db: Queryable): Promise<string> {
  const found = await db.query<{ id: string }>(
    "select id from clients where lower(name) = lower('Calepin Bench') and deleted_at is null",
  );
  if (found.rows[0]) return found.rows[0].id;
  const { rows } = await db.query<{ id: string }>("insert into clients (name, city) values ('Calepin Bench', 'Toulouse') returning id");
  return (rows[0] as { id: string }).id;
}

async function benchModel(db: Queryable): Promise<string> {
  const found = await db.query<{ id: string }>(
    'select id from module_models where lower(manufacturer) = lower($1) and lower(model) = lower($2) and deleted_at is null',
    [BENCH_MODEL.manufacturer, BENCH_MODEL.model],
  );
  if (found.rows[0]) return found.rows[0].id;
  const { rows } = await db.query<{ id: string }>(
    `insert into module_models (manufacturer, model, power_wp, width_mm, height_mm, technology, cell_count)
     values ($1, $2, $3, $4, $5, 'perc', 144) returning id`,
    [BENCH_MODEL.manufacturer, BENCH_MODEL.model, BENCH_MODEL.power_wp, BENCH_MODEL.width_mm, BENCH_MODEL.height_mm],
  );
  return (rows[0] as { id: string }).id;
}
