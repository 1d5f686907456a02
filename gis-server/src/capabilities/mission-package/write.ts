import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import gdal from 'gdal-async';
import { sqlFile } from '../../db';
import { pgConnection } from '../../gdal/postgres';
import { addEmptyTables } from './empty-tables';

export interface Layer { name: string; sql: string }
/** The statements of a file of layers, each after a line "-- layer: <name>". */
export const layersOf = (file: string): Layer[] =>
  sqlFile(import.meta.url, file)
    .split(/^-- layer: /m)
    .slice(1)
    .map((part) => {
      const [name = '', ...lines] = part.split('\n');
      return { name: name.trim(), sql: lines.join('\n') };
    });
const LAYERS: Layer[] = [...layersOf('sql/layers.sql'), { name: 'modules', sql: sqlFile(import.meta.url, 'sql/modules.sql') }];
const layer = (name: string): Layer => {
  const found = LAYERS.find((l) => l.name === name);
  if (!found) throw new Error(`mission package: no SQL for layer ${name}`);
  return found;
};
/** Layer order in the file: the plant first, the modules after the tables. */
export const LAYOUT_LAYERS = ['plant', 'zones', 'tables', 'modules', 'strings', 'inverters', 'mppt_inputs', 'junction_boxes', 'cables', 'module_models', 'package_info']
  .map(layer);

// GDAL's PostgreSQL driver reads a layer through a cursor, 500 rows per FETCH by default:
// 500 round trips for 250,000 modules. Larger pages cost memory only (about 20 MB).
// Process-wide, as GDAL's settings are: other PostgreSQL reads (exports) gain as well.
gdal.config.set('OGR_PG_CURSOR_PAGE', '20000');
// The GeoPackages GDAL writes here and in the exports are temporary files, deleted on any
// error: SQLite need not fsync them at each commit (about 0.3 s for the 160 MB package).
// The only other SQLite file GDAL opens in this process is PROJ's database, read-only.
gdal.config.set('OGR_SQLITE_SYNCHRONOUS', 'OFF');

/**
 * libpq options for GDAL's connections: a cursor is planned for its first 10 % of rows by
 * default (nested loops over the joins); the package reads every row, so it is planned for
 * all of them (hash joins).
 */
function connection(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const options = [url.searchParams.get('options'), '-c cursor_tuple_fraction=1'].filter(Boolean).join(' ');
  url.searchParams.set('options', options);
  return `PG:${pgConnection(url.toString())} tables=plants`;
}

export interface PackageFile {
  path: string;
  size: number;
  cleanup(): Promise<void>;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A UUID as a SQL literal: GDAL's driver takes no bind parameters, so only checked UUIDs are spliced in. */
export function uuidLiteral(id: string): string {
  if (!UUID.test(id)) throw new Error(`not a UUID: ${id}`);
  return `'${id}'::uuid`;
}

/**
 * Writes layers (SQL read by GDAL from PostGIS) one after another into one GeoPackage, into
 * `dataset` when given (else a new file at `path`); `{name}` placeholders take `values`.
 */
export async function writeLayers(
  databaseUrl: string, path: string, layers: Layer[], values: Record<string, string>, into?: gdal.Dataset,
): Promise<gdal.Dataset> {
  const source = await gdal.openAsync(connection(databaseUrl), 'r', ['PostgreSQL']);
  try {
    let dataset: gdal.Dataset | undefined = into;
    for (const { name, sql: template } of layers) {
      const sql = template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
      // One transaction per layer (-gt unlimited): SQLite commits once. GDAL fills the
      // layer's R-tree in memory from a background thread and writes it when the file is
      // closed; modules come in spatial order (sql/modules.sql), which keeps that cheap.
      const args = ['-f', 'GPKG', '-sql', sql, '-nln', name, '-gt', 'unlimited', '-lco', 'FID=fid'];
      // The geometry column's declared type names the layer's type; EPSG:4326 is said outright.
      const type = /::geometry\((\w+), 4326\)/.exec(sql)?.[1];
      if (type) args.push('-nlt', type.toUpperCase(), '-a_srs', 'EPSG:4326');
      if (dataset) args.push('-update');
      dataset = await gdal.vectorTranslateAsync(dataset ?? path, source, args);
    }
    if (!dataset) throw new Error('mission package: no layer written');
    return dataset;
  } finally {
    source.close();
  }
}

/**
 * Writes a plant's mission package (docs/layout.md): GDAL reads each layer straight from
 * PostGIS (its PostgreSQL driver, one SQL statement per layer) into one GeoPackage, then
 * the empty field tables are added.
 */
export async function writeMissionPackage(databaseUrl: string, plantId: string): Promise<PackageFile> {
  const plant = uuidLiteral(plantId);
  const dir = await mkdtemp(join(tmpdir(), 'calepin-package-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const path = join(dir, 'mission-package.gpkg');
    const dataset = await writeLayers(databaseUrl, path, LAYOUT_LAYERS, { plant });
    addEmptyTables(dataset);
    dataset.close();
    const { size } = await stat(path);
    return { path, size, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
