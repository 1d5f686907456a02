import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import gdal from 'gdal-async';
import type { Db } from '../../../db';
import { type LayerDef, layerSource } from '../../../layers/catalog';
import { pgConnection } from '../../../gdal/postgres';
import { layerProperties } from '../../../layers/columns';
import { UUID } from '../values';
import { EXPORT_FORMATS, type ExportFormat } from './formats';

export interface ExportRequest {
  databaseUrl: string;
  plantId: string;
  /** The caller's client scope (access/scope.ts): null for staff. */
  scope: string | null;
  layers: LayerDef[];
  format: ExportFormat;
  srid: number;
  /** File name without extension. */
  name: string;
}

export interface ExportFile {
  path: string;
  filename: string;
  type: string;
  size: number;
  /** Removes the temporary folder. */
  cleanup(): Promise<void>;
}

// A string literal for the SQL that GDAL's PostgreSQL driver runs: it takes no bind
// parameters, so the only values spliced in are UUIDs, checked here right before use.
function uuidLiteral(value: string): string {
  if (!UUID.test(value)) throw new Error(`not a UUID: ${value}`);
  return `'${value}'::uuid`;
}

/** The SQL GDAL reads a layer of a plant with: the layer's source, the plant, the client scope. */
async function layerSql(db: Db, layer: LayerDef, request: ExportRequest, dxf: boolean): Promise<string> {
  const properties = dxf ? [] : (await layerProperties(db, layer)).filter((p) => p.name !== 'plantId');
  const columns = ['s.id', ...properties.map((p) => `s."${p.name}"`), dxf ? `'${layer.name}' as "Layer"` : null,
    // A typed column, so GDAL creates a layer of this geometry type and CRS.
    `s.geom::geometry(${layer.geometry}, 4326) as geom`]
    .filter(Boolean)
    .join(', ');
  const scope = request.scope ? ` and s."clientId" = ${uuidLiteral(request.scope)}` : '';
  return `select ${columns} from (${layerSource(layer, request.scope)}) s where s."plantId" = ${uuidLiteral(request.plantId)}${scope} order by s.id`;
}

/**
 * Writes the layers of a plant with GDAL (ogr2ogr's engine, reading PostGIS directly,
 * reprojecting with PROJ) into a temporary file. GeoJSON and CSV hold one layer per file:
 * several layers come as a zip of files.
 */
export async function writeExport(db: Db, request: ExportRequest): Promise<ExportFile> {
  const format = EXPORT_FORMATS[request.format];
  const dir = await mkdtemp(join(tmpdir(), 'calepin-export-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const source = await gdal.openAsync(`PG:${pgConnection(request.databaseUrl)} tables=plants`, 'r', ['PostgreSQL']);
    const zipped = format.layers === 'one-per-file' && request.layers.length > 1;
    const filename = `${request.name}.${zipped ? `${format.ext}.zip` : format.ext}`;
    const path = join(dir, filename);
    const srs = ['-t_srs', `EPSG:${request.srid}`];
    let dataset: gdal.Dataset | undefined;
    for (const layer of request.layers) {
      const sql = await layerSql(db, layer, request, request.format === 'dxf');
      const args = ['-f', format.driver, '-sql', sql, ...srs, '-dialect', 'PostgreSQL'];
      if (request.format === 'csv') args.push('-lco', 'GEOMETRY=AS_WKT');
      if (request.format === 'dxf') {
        args.push('-nln', 'entities');
        if (dataset) args.push('-append');
      } else {
        args.push('-nln', layer.name, '-nlt', layer.geometry.toUpperCase());
      }
      if (zipped) {
        const out = await gdal.vectorTranslateAsync(`/vsizip/${path}/${layer.name}.${format.ext}`, source, args);
        out.close();
      } else {
        dataset = await gdal.vectorTranslateAsync(dataset ?? path, source, args);
      }
    }
    dataset?.close();
    source.close();
    const { size } = await stat(path);
    return { path, filename, type: zipped ? 'application/zip' : format.type, size, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
