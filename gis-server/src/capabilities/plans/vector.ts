// DXF and DWG plans through GDAL's DXF driver (a DWG is first converted to DXF, dwg/): layers, a rendering in pixel space, candidate outlines.
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import gdal from 'gdal-async';
import { fitControlPoints } from '@calepin/core/georef';
import type { Deps } from '../../http/context';
import { ApiError } from '../../http/errors';
import { DWG_READABLE } from './dwg/versions';
import { DwgError, ensureDxf, readDwgVersion } from './dwg/convert';
import { ensurePlanDir, storedPath } from './files';
import { project } from './georef';
import type { PlanRow } from './repo';
import type { GeoTransform } from './worldfile';

/** Longest side of the rendering of a drawing, pixels: the pixel space of vector plans. */
export const DRAWING_SIZE = 4000;

/** A CRS declared inside a DXF: a first comment `999` then `EPSG:nnnn` (docs/plans.md). */
async function declaredEpsg(path: string): Promise<number | null> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(256);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const match = /^\s*999\r?\n\s*(?:CRS\s+)?EPSG:(\d{4,6})\s*\r?\n/.exec(head.subarray(0, bytesRead).toString('latin1'));
    return match ? Number(match[1]) : null;
  } finally {
    await handle.close();
  }
}

/**
 * Every entity of a drawing with its CAD layer (GDAL's DXF driver: one layer `entities` with
 * a `Layer` field; blocks are exploded by the driver). A DWG is read through its DXF.
 */
function* entities(ds: gdal.Dataset): Generator<{ layer: string; handle: string; feature: gdal.Feature }> {
  for (const layer of ds.layers) {
    for (const feature of layer.features) {
      const names = feature.fields.getNames();
      const cadLayer = names.includes('Layer') ? String(feature.fields.get('Layer') ?? '0') : layer.name;
      const handle = names.includes('EntityHandle') ? String(feature.fields.get('EntityHandle') ?? '') : String(feature.fid);
      yield { layer: cadLayer, handle, feature };
    }
  }
}

/** A DWG refused: its version is not read (plan_dwg_version), or its bytes are not (plan_unreadable). */
function dwgRefusal(error: DwgError): ApiError {
  if (error.reason === 'version') {
    return new ApiError(422, 'plan_dwg_version', { key: 'e.plan_dwg_version', params: { detail: error.label }, field: 'file' });
  }
  return new ApiError(422, 'plan_unreadable', {
    key: 'e.plan_dwg_unreadable', params: { version: error.label, detail: error.message.slice(0, 200) }, field: 'file' });
}

/** The DXF GDAL reads for a stored vector plan: the file itself, or the DXF converted from the DWG. */
export async function drawingFile(path: string, format: string | null): Promise<string> {
  if (format !== 'dwg') return path;
  try {
    return await ensureDxf(path);
  } catch (error) {
    throw error instanceof DwgError ? dwgRefusal(error) : error;
  }
}

/**
 * DWGs larger than this are converted by the plan's job in the heavy lane, not during their
 * upload: acad-ts took 5 s for 27 KiB (mostly starting the worker), 7 s for 114 KiB and 12.5 s
 * for 432 KiB on the loaded 2-core machine (about 6 s quiet), so an upload never waits for
 * much more than 10 s, and a big drawing holds no upload request for minutes.
 */
export const DWG_INLINE_BYTES = 256 * 1024;

/** The row of a DWG read later by its job: only its version is checked now (a refusal stays immediate). */
export async function deferredDwg(path: string): Promise<Record<string, unknown>> {
  const version = await readDwgVersion(path);
  if (!DWG_READABLE.has(version)) throw dwgRefusal(new DwgError('version', version, 'not read'));
  return { format: 'dwg', kind: 'vector', pageCount: 1, width: null, height: null, layers: null, drawingTransform: null, georef: null, heavy: true };
}

/** Converts and reads a DWG left for its job (deferredDwg), renders it and fills in its row. */
export async function readDeferredDwg(deps: Deps, plan: PlanRow, prjEpsg: number | null): Promise<void> {
  const row = await inspectVector(storedPath(deps.config.filesDir, plan.storageKey), 'dwg', prjEpsg);
  await (row.render as (id: string, dir: string) => Promise<void>)(plan.id, deps.config.filesDir);
  await deps.db.query(
    `update plans set width = $2, height = $3, layers = $4, drawing_transform = $5, georef = coalesce(georef, $6), updated_at = now()
      where id = $1`,
    [plan.id, row.width, row.height, JSON.stringify(row.layers), JSON.stringify(row.drawingTransform), row.georef ? JSON.stringify(row.georef) : null]);
}

function extentOf(ds: gdal.Dataset): gdal.Envelope {
  const total = new gdal.Envelope();
  for (const layer of ds.layers) {
    const e = layer.getExtent();
    total.merge(e);
  }
  return total;
}

export async function inspectVector(path: string, type: 'dxf' | 'dwg', prjEpsg: number | null): Promise<Record<string, unknown>> {
  // A DWG becomes a DXF once (beside the upload, removed with it); then both are read alike.
  const dxf = await drawingFile(path, type);
  let ds: gdal.Dataset;
  try {
    ds = await gdal.openAsync(dxf, 'r', ['DXF']);
  } catch (error) {
    throw new ApiError(422, 'plan_unreadable', { key: 'e.plan_unreadable', params: { detail: (error as Error).message }, field: 'file' });
  }
  try {
    const stats = new Map<string, { featureCount: number; geometryTypes: Set<string> }>();
    for (const { layer: name, feature } of entities(ds)) {
      const entry = stats.get(name) ?? { featureCount: 0, geometryTypes: new Set<string>() };
      entry.featureCount++;
      const geometry = feature.getGeometry();
      if (geometry) entry.geometryTypes.add(geometry.name);
      stats.set(name, entry);
    }
    if (stats.size === 0) throw new ApiError(422, 'plan_unreadable', { key: 'e.plan_unreadable', params: { detail: 'the drawing is empty' }, field: 'file' });
    const e = extentOf(ds);
    const span = Math.max(e.maxX - e.minX, e.maxY - e.minY) || 1;
    // A margin of 2 % keeps outlines on the edge inside the image.
    const margin = span * 0.02;
    const px = (span + 2 * margin) / DRAWING_SIZE;
    const width = Math.max(1, Math.ceil((e.maxX - e.minX + 2 * margin) / px));
    const height = Math.max(1, Math.ceil((e.maxY - e.minY + 2 * margin) / px));
    const drawingTransform: GeoTransform = [e.minX - margin, px, 0, e.maxY + margin, 0, -px];
    const epsg = prjEpsg ?? (type === 'dxf' ? await declaredEpsg(path) : null);
    const layers = [...stats].map(([name, s]) => ({ name, featureCount: s.featureCount, geometryTypes: [...s.geometryTypes].sort(), selected: false }));
    return {
      format: type, kind: 'vector', pageCount: 1, width, height, layers, drawingTransform,
      georef: epsg ? { method: 'dxf_crs', srid: epsg, geoTransform: drawingTransform } : null,
      render: async (planId: string, filesDir: string) => renderDrawing(dxf, planId, filesDir, drawingTransform, width, height),
    };
  } finally {
    ds.close();
  }
}

/** Black lines on a transparent background, in the pixel space of the plan. */
async function renderDrawing(path: string, planId: string, filesDir: string, gt: GeoTransform, width: number, height: number) {
  const dir = await ensurePlanDir(filesDir, planId);
  const src = await gdal.openAsync(path, 'r', ['DXF']);
  try {
    const te = [gt[0], gt[3] + gt[5] * height, gt[0] + gt[1] * width, gt[3]].map(String);
    const layers = src.layers.map((l) => ['-l', l.name]).flat();
    const out = await gdal.rasterizeAsync(join(dir, 'drawing.tif'), src, [
      ...layers, '-of', 'GTiff', '-ot', 'Byte', '-init', '0', '-burn', '30', '-burn', '30', '-burn', '30', '-burn', '255',
      '-te', ...te, '-ts', String(width), String(height), '-co', 'COMPRESS=DEFLATE', '-co', 'ALPHA=YES',
    ]);
    out.close();
  } finally {
    src.close();
  }
}

/** Closed outlines of the selected layers, in EPSG:4326, with their area in the plan's CRS. */
export async function vectorCandidates(deps: Deps, plan: PlanRow) {
  const georef = plan.georef as { method: string; srid: number; transform?: 'helmert'; controlPoints?: never[] };
  const chosen = new Set((plan.layers ?? []).filter((l) => l.selected).map((l) => l.name));
  const gt = plan.drawingTransform as GeoTransform;
  let toTarget = (x: number, y: number): [number, number] => [x, y];
  if (georef.method === 'control_points' && georef.transform && georef.controlPoints) {
    const fit = fitControlPoints(georef.transform, await project(deps.db, georef.controlPoints, georef.srid));
    if (!fit.ok) throw new Error(fit.error.reason);
    // drawing → pixel (inverse of the rendering's north-up geotransform) → projected
    toTarget = (x, y) => fit.apply([(x - gt[0]) / gt[1], (y - gt[3]) / gt[5]]);
  }
  const ds = await gdal.openAsync(await drawingFile(storedPath(deps.config.filesDir, plan.storageKey), plan.format), 'r', ['DXF']);
  const items: { layer: string; handle: string; wkt: string }[] = [];
  try {
    for (const { layer, handle, feature } of entities(ds)) {
      if (!chosen.has(layer)) continue;
      const g = feature.getGeometry();
      let ring: gdal.LineString | null = null;
      if (g instanceof gdal.Polygon) ring = g.rings.get(0);
      else if (g instanceof gdal.LineString && g.points.count() >= 4) {
        const a = g.points.get(0);
        const b = g.points.get(g.points.count() - 1);
        if (Math.hypot(a.x - b.x, a.y - b.y) < 1e-9) ring = g;
      }
      if (!ring) continue;
      const coords = ring.points.toArray().map((p) => toTarget(p.x, p.y).join(' '));
      items.push({ layer, handle, wkt: `POLYGON((${coords.join(',')}))` });
    }
  } finally {
    ds.close();
  }
  const { rows } = await deps.db.query<{ geometry: string; area: number }>(
    `select st_asgeojson(st_transform(g, 4326), 9)::text as geometry, st_area(g) as area
       from unnest($1::text[]) with ordinality as u(wkt, n), lateral st_geomfromtext(wkt, $2::int) as g order by n`,
    [items.map((i) => i.wkt), georef.srid],
  );
  return {
    type: 'FeatureCollection',
    features: items.map((item, i) => ({
      type: 'Feature',
      geometry: JSON.parse(rows[i]!.geometry),
      properties: { layer: item.layer, handle: item.handle, areaM2: Math.round(rows[i]!.area * 1000) / 1000 },
    })),
  };
}
