import gdal from 'gdal-async';
import { addDeviceTables, execute, quote } from './device-tables';
import { type PackagePlan, type PlanRaster, addPlanRasters } from './plan-rasters';
import { LAYOUT_LAYERS, layersOf, uuidLiteral, writeLayers } from './write';

/** The format of a mission package as the field app opens it (calepin_sync_state.device_schema). */
export const FIELD_PACKAGE_FORMAT = 'calepin-field/1';

const FIELD_LAYERS = layersOf('sql/field-layers.sql');

export interface FieldPackageInput {
  databaseUrl: string;
  filesDir: string;
  packageId: string;
  missionId: string;
  plantId: string;
  /** The pull cursor taken before anything was read (docs/sync.md §5). */
  cursor: string;
  /** The plant's layout revision when the package was read, when the server keeps one. */
  layoutRevision: string | null;
  plans: PackagePlan[];
}

/**
 * Writes a mission's package (issue 15) at `path`: the plant's layout layers, the mission's
 * own layers (mission, team, audits and their results, defects, photos, checklists, the
 * previous audits and their open defects), the device's tables with the sync state, and
 * the plans' raster overviews with their list (`plans`).
 */
export async function writeFieldPackage(input: FieldPackageInput, path: string): Promise<{ plans: PlanRaster[] }> {
  const values = { plant: uuidLiteral(input.plantId), mission: uuidLiteral(input.missionId) };
  const dataset = await writeLayers(input.databaseUrl, path, [...LAYOUT_LAYERS, ...FIELD_LAYERS], values);
  try {
    addDeviceTables(dataset, {
      device_schema: FIELD_PACKAGE_FORMAT,
      mission_id: input.missionId,
      plant_id: input.plantId,
      package_id: input.packageId,
      cursor: input.cursor,
      ...(input.layoutRevision ? { layout_revision: input.layoutRevision } : {}),
      package_created_at: new Date().toISOString(),
    });
  } finally {
    dataset.close();
  }
  const plans = await addPlanRasters(path, input.plans, input.filesDir);
  const file = await gdal.openAsync(path, 'r+', ['GPKG']);
  try {
    const run = (sql: string) => execute(file, sql);
    run(`create table plans (fid integer primary key autoincrement, id text not null unique, name text not null,
           opacity real not null, raster_table text not null, min_zoom integer not null, max_zoom integer not null)`);
    run(`insert into gpkg_contents (table_name, data_type, identifier, description, last_change)
         values ('plans', 'attributes', 'plans', 'The plans under the layout and their raster tables',
                 strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);
    for (const p of plans) {
      run(`insert into plans (id, name, opacity, raster_table, min_zoom, max_zoom)
           values (${quote(p.id)}, ${quote(p.name)}, ${p.opacity}, ${quote(p.table)}, ${p.minZoom}, ${p.maxZoom})`);
    }
  } finally {
    file.close();
  }
  return { plans };
}
