// The live preview of tables and their modules: core's fillTable / fillArea (the very code
// the server stores with), in metres in the plant CRS, turned back into EPSG:4326 for the map.
import { type Orientation, type PolygonRings, type TableFill, fillArea, fillTable, gridSize, localRect } from '@calepin/core';
import type { LonLat, PlantCrs } from '@calepin/map-kit';

export type { Orientation };

export interface FillParams {
  /** Rows and columns; left out (polygon outlines): as many as fit. */
  rows?: number;
  columns?: number;
  orientation: Orientation;
  /** Gap between modules of a row, m. */
  gapM: number;
  /** Gap between rows (plan), m. */
  rowGapM: number;
}

export interface ModuleSize { widthMm: number; heightMm: number }

export interface Mounting { azimuthDeg: number; tiltDeg: number; heightM: number }

export const tableFill = (fill: FillParams, model: ModuleSize, mounting: Mounting): TableFill => ({
  moduleWidthM: model.widthMm / 1000,
  moduleHeightM: model.heightMm / 1000,
  orientation: fill.orientation,
  rows: fill.rows,
  columns: fill.columns,
  gapM: fill.gapM,
  rowGapM: fill.rowGapM,
  tiltDeg: mounting.tiltDeg,
  heightM: mounting.heightM,
});

/** Size of a filled rectangular table on the ground (plan): along the rows, up the slope (m). */
export function tableSize(fill: Required<Pick<FillParams, 'rows' | 'columns'>> & FillParams, model: ModuleSize, mounting: Mounting) {
  const size = gridSize(tableFill(fill, model, mounting), fill.rows, fill.columns);
  return { lengthM: size.lengthM, widthM: size.depthM };
}

const ringToLonLat = (crs: PlantCrs, ring: readonly [number, number][]): LonLat[] => ring.map((p) => crs.toLonLat(p));
const polygon = (crs: PlantCrs, rings: PolygonRings): GeoJSON.Polygon => ({ type: 'Polygon', coordinates: rings.map((r) => ringToLonLat(crs, r)) });
const toMetric = (crs: PlantCrs, g: GeoJSON.Polygon): PolygonRings => g.coordinates.map((r) => r.map((p) => crs.toMetric(p as LonLat)));

export interface Preview { features: GeoJSON.Feature[]; modules: number; tables: number; dropped: number }

const feature = (kind: 'table' | 'module', geometry: GeoJSON.Polygon): GeoJSON.Feature => ({ type: 'Feature', properties: { kind }, geometry });

/** A table (rectangle centred on a point, or a polygon) and, when a model is given, its modules. */
export function previewTable(
  crs: PlantCrs,
  outline: { center: LonLat; lengthM: number; widthM: number } | { polygon: GeoJSON.Polygon },
  mounting: Mounting, fill: FillParams | null, model: ModuleSize | undefined,
): Preview {
  const spec = 'polygon' in outline
    ? { polygon: toMetric(crs, outline.polygon), azimuthDeg: mounting.azimuthDeg }
    : { rectangle: { center: crs.toMetric(outline.center), lengthM: outline.lengthM, widthM: outline.widthM }, azimuthDeg: mounting.azimuthDeg };
  if (!fill || !model) {
    const rings = spec.polygon ?? (spec.rectangle ? [localRect({ origin: spec.rectangle.center, azimuthDeg: mounting.azimuthDeg },
      -spec.rectangle.lengthM / 2, -spec.rectangle.widthM / 2, spec.rectangle.lengthM / 2, spec.rectangle.widthM / 2)] : []);
    return { features: [feature('table', polygon(crs, rings))], modules: 0, tables: 1, dropped: 0 };
  }
  const filled = fillTable(spec, tableFill(fill, model, mounting));
  return {
    features: [feature('table', polygon(crs, filled.outline)), ...filled.modules.map((m) => feature('module', polygon(crs, [m.ring])))],
    modules: filled.modules.length, tables: 1, dropped: filled.dropped,
  };
}

/** The tables an area would get (outlines and modules), or the reason it cannot be filled. */
export function previewArea(
  crs: PlantCrs, area: GeoJSON.Polygon, pitchM: number, tableGapM: number, mounting: Mounting,
  fill: Required<Pick<FillParams, 'rows' | 'columns'>> & FillParams, model: ModuleSize, maxTables = 2000,
): Preview {
  const tables = fillArea({
    area: toMetric(crs, area), azimuthDeg: mounting.azimuthDeg, pitchM, tableGapM,
    table: { ...tableFill(fill, model, mounting), rows: fill.rows, columns: fill.columns },
  }, maxTables);
  const features: GeoJSON.Feature[] = [];
  let modules = 0;
  for (const table of tables) {
    features.push(feature('table', polygon(crs, table.outline)));
    modules += table.modules.length;
    // Module outlines only while they stay readable; beyond, the tables alone.
    if (tables.length <= 200) for (const m of table.modules) features.push(feature('module', polygon(crs, [m.ring])));
  }
  return { features, modules, tables: tables.length, dropped: 0 };
}
