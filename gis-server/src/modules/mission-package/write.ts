import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import gdal from 'gdal-async';
import { sqlFile } from '../../db';
import { pgConnection } from '../ogc/export/write';
import { addEmptyTables } from './empty-tables';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const modulesSql = sqlFile(import.meta.url, 'sql/modules.sql');
const LAYERS: { name: string; sql: string }[] = [
  ...sqlFile(import.meta.url, 'sql/layers.sql')
    .split(/^-- layer: /m)
    .slice(1)
    .map((part) => {
      const [name = '', ...lines] = part.split('\n');
      return { name: name.trim(), sql: lines.join('\n') };
    }),
];
/** Layer order in the file: the plant first, the modules after the tables. */
const ORDER = ['plant', 'zones', 'tables', 'modules', 'strings', 'inverters', 'mppt_inputs', 'junction_boxes', 'cables', 'module_models', 'package_info'];

export interface PackageFile {
  path: string;
  size: number;
  cleanup(): Promise<void>;
}

/**
 * Writes a plant's mission package: GDAL reads each layer straight from PostGIS (its
 * PostgreSQL driver, one SQL statement per layer) into one GeoPackage, in large
 * transactions, then adds the empty field tables.
 */
export async function writeMissionPackage(databaseUrl: string, plantId: string): Promise<PackageFile> {
  // GDAL's driver takes no bind parameters: the only value spliced in is this checked UUID.
  if (!UUID.test(plantId)) throw new Error(`not a UUID: ${plantId}`);
  const plant = `'${plantId}'::uuid`;
  const dir = await mkdtemp(join(tmpdir(), 'calepin-package-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const path = join(dir, 'mission-package.gpkg');
    const source = await gdal.openAsync(`PG:${pgConnection(databaseUrl)} tables=plants`, 'r', ['PostgreSQL']);
    const layers = [...LAYERS, { name: 'modules', sql: modulesSql }].sort((a, b) => ORDER.indexOf(a.name) - ORDER.indexOf(b.name));
    let dataset: gdal.Dataset | undefined;
    for (const layer of layers) {
      const args = ['-f', 'GPKG', '-sql', layer.sql.replaceAll('{plant}', plant), '-nln', layer.name, '-gt', '100000', '-lco', 'FID=fid'];
      // The geometry column's declared type names the layer's type; EPSG:4326 is said outright.
      const type = /::geometry\((\w+), 4326\)/.exec(layer.sql)?.[1];
      if (type) args.push('-nlt', type.toUpperCase(), '-a_srs', 'EPSG:4326');
      if (dataset) args.push('-update');
      dataset = await gdal.vectorTranslateAsync(dataset ?? path, source, args);
    }
    source.close();
    if (!dataset) throw new Error('mission package: no layer written');
    addEmptyTables(dataset);
    dataset.close();
    const { size } = await stat(path);
    return { path, size, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
