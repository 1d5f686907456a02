// A plan of the rooftop demo plant with a known truth, drawn for the browser test: a white
// sheet with a black frame and one violet rectangle, in pixel space, whose affine transform
// to Lambert-93 (EPSG:2154) is chosen here. The same drawing is written as a plain PNG (to
// georeference with control points) and as a GeoTIFF (lands in place by itself).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import gdal from 'gdal-async';
import type pg from 'pg';

export const PLAN_WIDTH = 1600;
export const PLAN_HEIGHT = 1200;
/** The violet rectangle, in plan pixels: [left, top, right, bottom]. */
export const VIOLET_RECT = [500, 400, 1100, 800] as const;
export const VIOLET = '#7c3aed';

/** GDAL geotransform: E = g0 + g1·x + g2·y, N = g3 + g4·x + g5·y. */
export type GeoTransform = [number, number, number, number, number, number];

export interface PlanTruth {
  geoTransform: GeoTransform;
  /** pixel → [lon, lat] through PostGIS (the test's reference, independent of the app's proj4). */
  toLonLat(pixels: [number, number][]): Promise<[number, number][]>;
}

/**
 * The truth: the plan spans 1.6 × the plant's boundary, centred on it, turned by `degrees`
 * (0 for the GeoTIFF: north up).
 */
export async function planTruth(pool: pg.Pool, plantId: string, degrees: number): Promise<PlanTruth> {
  const { rows } = await pool.query<{ minx: number; miny: number; maxx: number; maxy: number }>(
    `select st_xmin(e) as minx, st_ymin(e) as miny, st_xmax(e) as maxx, st_ymax(e) as maxy
       from (select st_extent(st_transform(boundary, 2154))::geometry as e from plants where id = $1) b`,
    [plantId],
  );
  const { minx, miny, maxx, maxy } = rows[0]!;
  const scale = (1.6 * Math.max(maxx - minx, maxy - miny)) / PLAN_WIDTH;
  const angle = (degrees * Math.PI) / 180;
  const [a, b, d, e] = [scale * Math.cos(angle), scale * Math.sin(angle), scale * Math.sin(angle), -scale * Math.cos(angle)];
  // The plan's centre pixel sits on the centre of the boundary's extent.
  const [cx, cy, ce, cn] = [PLAN_WIDTH / 2, PLAN_HEIGHT / 2, (minx + maxx) / 2, (miny + maxy) / 2];
  const geoTransform: GeoTransform = [ce - a * cx - b * cy, a, b, cn - d * cx - e * cy, d, e];
  const toLonLat = async (pixels: [number, number][]) => {
    const [g0, g1, g2, g3, g4, g5] = geoTransform;
    const points = pixels.map(([x, y]) => [g0 + g1 * x + g2 * y, g3 + g4 * x + g5 * y]);
    const answer = await pool.query<{ lon: number; lat: number }>(
      `select st_x(p) as lon, st_y(p) as lat
         from unnest($1::float8[], $2::float8[]) with ordinality as u(e, n, i),
              lateral st_transform(st_setsrid(st_makepoint(e, n), 2154), 4326) as p
        order by i`,
      [points.map((p) => p[0]), points.map((p) => p[1])],
    );
    return answer.rows.map((r) => [r.lon, r.lat] as [number, number]);
  };
  return { geoTransform, toLonLat };
}

function drawing(): gdal.Dataset {
  const ds = gdal.open('', 'w', 'MEM', PLAN_WIDTH, PLAN_HEIGHT, 3, gdal.GDT_Byte);
  const rgb = [VIOLET.slice(1, 3), VIOLET.slice(3, 5), VIOLET.slice(5, 7)].map((h) => parseInt(h, 16));
  const [left, top, right, bottom] = VIOLET_RECT;
  for (let band = 1; band <= 3; band++) {
    const data = new Uint8Array(PLAN_WIDTH * PLAN_HEIGHT).fill(255);
    for (let y = 0; y < PLAN_HEIGHT; y++) {
      for (let x = 0; x < PLAN_WIDTH; x++) {
        const frame = x < 12 || y < 12 || x >= PLAN_WIDTH - 12 || y >= PLAN_HEIGHT - 12;
        if (frame) data[y * PLAN_WIDTH + x] = 0;
        else if (x >= left && x < right && y >= top && y < bottom) data[y * PLAN_WIDTH + x] = rgb[band - 1]!;
      }
    }
    ds.bands.get(band).pixels.write(0, 0, PLAN_WIDTH, PLAN_HEIGHT, data);
  }
  return ds;
}

/** Writes the plan as PNG (no georeferencing) or as a GeoTIFF in EPSG:2154; returns the path. */
export async function writePlan(kind: 'png' | 'geotiff', geoTransform?: GeoTransform): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'calepin-e2e-plan-'));
  const ds = drawing();
  if (kind === 'png') {
    const path = join(dir, 'plan-toiture.png');
    gdal.drivers.get('PNG').createCopy(path, ds).close();
    ds.close();
    return path;
  }
  if (!geoTransform) throw new Error('a GeoTIFF needs its geotransform');
  ds.geoTransform = geoTransform;
  ds.srs = gdal.SpatialReference.fromEPSG(2154);
  const path = join(dir, 'plan-toiture-l93.tif');
  gdal.drivers.get('GTiff').createCopy(path, ds, ['COMPRESS=DEFLATE']).close();
  ds.close();
  return path;
}

/** A sheet of noise (1000 × 1000 px, about 2.9 MB of PNG that does not compress): an upload slow enough to watch. */
export async function writeNoise(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'calepin-e2e-plan-'));
  const size = 1000;
  const ds = gdal.open('', 'w', 'MEM', size, size, 3, gdal.GDT_Byte);
  let seed = 42;
  for (let band = 1; band <= 3; band++) {
    const data = new Uint8Array(size * size);
    for (let i = 0; i < data.length; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      data[i] = seed >> 23;
    }
    ds.bands.get(band).pixels.write(0, 0, size, size, data);
  }
  const path = join(dir, 'brouillon.png');
  gdal.drivers.get('PNG').createCopy(path, ds).close();
  ds.close();
  return path;
}
