// The offline map's vector tiles, built on the device from the mission package, one tile at
// a time when MapLibre asks for it: the tile-server's layers, properties and zoom bands
// (docs/tiles.md) — every module from z18, each table in its majority status at z15–17 with
// the modules of another status over it at z17, the zones at z13–14, the plant as a point
// with its counts below — so that map-kit's plantLayers draw both maps alike. Why tiles built
// here rather than tiles pre-rendered into the package: docs/field.md (measured).
import type { Database, SqlValue } from '@sqlite.org/sqlite-wasm';
import { STATUS_RANK, type MapStatus, type ModuleStatus, tileBounds } from '@calepin/core';
import { decodeGeometry } from '../gpkg/geometry';
import type { TileMode } from '../types';
import { EXTENT, type TileFeature, type TileLayer, encodeTile } from './mvt';
import { BUFFER, type TileFrame, projector, toTile } from './project';
import type { TableStatuses } from './table-statuses';

/** The zoom up to which tiles are built; MapLibre draws deeper zooms from these (over-zoom). */
export const DEVICE_TILE_MAX_ZOOM = 18;

/** A module's status in a mode, as SQL over `m` (modules): that audit's result, or the latest known. */
export function statusSql(mode: TileMode, m = 'm'): { sql: string; bind: Record<string, SqlValue> } {
  if (mode.audit) {
    return {
      sql: `coalesce((select am.status from audit_modules am where am.audit_id = $audit and am.module_id = ${m}.id and am.deleted_at is null), 'pending')`,
      bind: { $audit: mode.audit },
    };
  }
  return {
    sql: `coalesce((select am.status from audit_modules am where am.module_id = ${m}.id and am.deleted_at is null
                     order by am.inspected_at desc limit 1), ${m}.status, 'pending')`,
    bind: {},
  };
}

/** The tile's box in degrees, widened by the buffer, for the R-tree queries. */
function searchBox(frame: TileFrame): [number, number, number, number] {
  const [west, south, east, north] = tileBounds(frame);
  const padX = ((east - west) * BUFFER) / EXTENT;
  const padY = ((north - south) * BUFFER) / EXTENT;
  return [west - padX, south - padY, east + padX, north + padY];
}

/** Rows of a feature table (as `t`) whose R-tree box meets the tile, with `columns`; `bind` names its own parameters. */
function inTile(db: Database, table: string, box: number[], columns: string, join = '', where = '', bind: Record<string, SqlValue> = {}): Record<string, SqlValue>[] {
  return db.selectObjects(
    `select t.geom as geom, ${columns} from "rtree_${table}_geom" r join "${table}" t on t.fid = r.id ${join}
      where r.maxx >= $west and r.minx <= $east and r.maxy >= $south and r.miny <= $north ${where}`,
    { ...bind, $west: box[0] as number, $south: box[1] as number, $east: box[2] as number, $north: box[3] as number },
  );
}

function features(rows: Record<string, SqlValue>[], frame: TileFrame, clip: boolean, props: (r: Record<string, SqlValue | undefined>) => TileFeature['properties']): TileFeature[] {
  const out: TileFeature[] = [];
  for (const r of rows) {
    if (!(r.geom instanceof Uint8Array)) continue;
    const geometry = decodeGeometry(r.geom).geometry;
    const tile = geometry && toTile(geometry, frame, clip);
    if (tile) out.push({ geometry: tile, properties: props(r) });
  }
  return out;
}

const text = (v: SqlValue | undefined) => (v === null || v === undefined ? null : String(v));
const SEVERITY_RANK: Record<string, number> = { info: 0, warning: 1, urgent: 2 };

/** Defects of the mode (that audit's, or every open one the package knows) — clusters below z17, as the tile-server draws them. */
function defectLayer(db: Database, frame: TileFrame, box: number[], mode: TileMode, plantId: string): TileFeature[] {
  const own = inTile(db, 'defects', box,
    `t.id, t.severity, t.module_status as status, a.audit_type, t.defect_type, mo.code as module_code, t.iec_class, t.delta_t_c, t.audit_id`,
    'left join audits a on a.id = t.audit_id left join modules mo on mo.id = t.module_id',
    `and t.resolved_at is null and t.deleted_at is null and (t.source is null or t.source = 'manual' or t.validated_at is not null)
     ${mode.audit ? 'and t.audit_id = $audit' : ''}`,
    mode.audit ? { $audit: mode.audit } : {});
  const previous = mode.audit ? [] : inTile(db, 'previous_defects', box,
    't.id, t.severity, t.module_status as status, t.audit_type, t.defect_type, t.module_code, t.iec_class, t.delta_t_c, t.audit_id');
  const rows = [...own, ...previous];
  if (frame.z >= 17) {
    return features(rows, frame, false, (r) => ({
      id: text(r.id), severity: text(r.severity), status: text(r.status), audit_type: text(r.audit_type), defect_type: text(r.defect_type),
      module_code: text(r.module_code), iec_class: r.iec_class as number | null, delta_t_c: r.delta_t_c as number | null,
      audit_id: text(r.audit_id), plant_id: plantId,
    }));
  }
  const project = projector(frame);
  const cells = new Map<string, { n: number; sx: number; sy: number; severity: string; status: ModuleStatus }>();
  for (const r of rows) {
    if (!(r.geom instanceof Uint8Array)) continue;
    const g = decodeGeometry(r.geom).geometry;
    if (g?.type !== 'Point') continue;
    const [px, py] = project(g.coordinates);
    if (px < 0 || px >= EXTENT || py < 0 || py >= EXTENT) continue; // cells never straddle tiles
    const key = `${Math.floor(px / 128)}:${Math.floor(py / 128)}`;
    const cell = cells.get(key) ?? { n: 0, sx: 0, sy: 0, severity: 'info', status: 'ok' as ModuleStatus };
    cell.n++;
    cell.sx += px;
    cell.sy += py;
    if ((SEVERITY_RANK[String(r.severity)] ?? 0) > (SEVERITY_RANK[cell.severity] ?? 0)) cell.severity = String(r.severity);
    const status = String(r.status) as ModuleStatus;
    if ((STATUS_RANK[status] ?? 0) > STATUS_RANK[cell.status]) cell.status = status;
    cells.set(key, cell);
  }
  return [...cells.values()].map((c) => ({
    geometry: { type: 'Point', points: [[Math.round(c.sx / c.n), Math.round(c.sy / c.n)]] },
    properties: { count: c.n, severity: c.severity, status: c.status, plant_id: c.n === 1 ? plantId : null },
  }));
}

export interface TileContext {
  db: Database;
  plantId: string;
  statuses: TableStatuses;
}

/** One tile of the plant, encoded; `null` when nothing is in it. */
export function buildTile(ctx: TileContext, frame: TileFrame, mode: TileMode): Uint8Array | null {
  const { db, plantId } = ctx;
  const { z } = frame;
  const box = searchBox(frame);
  const layers: TileLayer[] = [];
  const plant = inTile(db, 'plant', box, 't.id, t.name, t.peak_kwp');
  if (z <= 12) {
    const counts = ctx.statuses.counts(mode);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    layers.push({
      name: 'plants',
      features: plant.flatMap((r) => {
        if (!(r.geom instanceof Uint8Array)) return [];
        const e = decodeGeometry(r.geom).envelope;
        if (!e) return [];
        const centre = projector(frame)([(e.minX + e.maxX) / 2, (e.minY + e.maxY) / 2]);
        return [{ geometry: { type: 'Point' as const, points: [centre] }, properties: { id: text(r.id), name: text(r.name), module_count: total, ...counts } }];
      }),
    });
  } else {
    layers.push({ name: 'plants', features: features(plant, frame, true, (r) => ({ id: text(r.id), name: text(r.name), peak_kwp: r.peak_kwp as number | null })) });
  }
  if (z === 13 || z === 14) {
    layers.push({ name: 'tables', features: features(inTile(db, 'zones', box, 't.id, t.code, t.name'), frame, true,
      (r) => ({ id: text(r.id), code: text(r.code), name: text(r.name), kind: 'block', plant_id: plantId })) });
  }
  if (z >= 17) {
    // Whole, not cut at the tile's edge (the tile-server's tile_small_polygon likewise): a
    // table across two tiles is the same shape in both, so its code is written once.
    layers.push({ name: 'tables', features: features(inTile(db, 'tables', box, 't.id, t.code'), frame, false,
      (r) => ({ id: text(r.id), code: text(r.code), kind: 'table', plant_id: plantId })) });
    layers.push({ name: 'strings', features: features(inTile(db, 'strings', box, 't.id, t.code, t.inverter_code, t.inverter_id'), frame, false,
      (r) => ({ id: text(r.id), code: text(r.code), inverter: text(r.inverter_code), inverter_id: text(r.inverter_id), plant_id: plantId })) });
  }
  if (z >= 15) layers.push({ name: 'modules', features: moduleFeatures(ctx, frame, box, mode) });
  layers.push({ name: 'defects', features: defectLayer(db, frame, box, mode, plantId) });
  if (z >= 15) {
    layers.push({ name: 'cables', features: features(inTile(db, 'cables', box, 't.id, t.code, t.kind, t.length_m'), frame, true,
      (r) => ({ id: text(r.id), code: text(r.code), kind: text(r.kind), length_m: r.length_m as number | null })) });
    for (const table of ['inverters', 'junction_boxes'] as const) {
      layers.push({ name: table, features: features(inTile(db, table, box, 't.id, t.code'), frame, false, (r) => ({ id: text(r.id), code: text(r.code) })) });
    }
  }
  if (layers.every((l) => !l.features.length)) return null;
  return encodeTile(layers);
}

function moduleFeatures(ctx: TileContext, frame: TileFrame, box: number[], mode: TileMode): TileFeature[] {
  const { db, plantId } = ctx;
  const out: TileFeature[] = [];
  if (frame.z <= 17) {
    // Each table in the status most of its modules have (bases first: the modules over them are drawn after).
    const tables = inTile(db, 'tables', box, 't.id');
    for (const f of features(tables, frame, true, (r) => ({ table_id: text(r.id), plant_id: plantId }))) {
      const status = ctx.statuses.majority(mode, String(f.properties.table_id));
      if (status) out.push({ geometry: f.geometry, properties: { ...f.properties, status } });
    }
    if (frame.z <= 16) return out;
  }
  const status = statusSql(mode, 't');
  const rows = inTile(db, 'modules', box,
    `t.id, t.code, t.table_id, t.string_code, t.string_id, s.inverter_id, t.inverter_code, ${status.sql} as status`,
    'left join strings s on s.id = t.string_id', '', status.bind);
  for (const r of rows) {
    const s = String(r.status) as MapStatus;
    if (frame.z === 17 && r.table_id && ctx.statuses.majority(mode, String(r.table_id)) === s) continue;
    const [f] = features([r], frame, false, () => ({
      id: text(r.id), code: text(r.code), status: s, string: text(r.string_code), string_id: text(r.string_id),
      inverter: text(r.inverter_code), inverter_id: text(r.inverter_id), plant_id: plantId,
    }));
    if (f) out.push(f);
  }
  return out;
}
