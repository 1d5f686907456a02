// The live preview of a table and its modules, computed in metres in the plant CRS and
// turned back into EPSG:4326 for the map. The server computes the authoritative geometry.
import type { LonLat, PlantCrs, Xy } from './crs';

export type Orientation = 'portrait' | 'landscape';

export interface FillParams {
  rows: number;
  columns: number;
  orientation: Orientation;
  /** Gap between modules of a row, m. */
  gapM: number;
  /** Gap between rows, m (on the slope). */
  rowGapM: number;
}

export interface ModuleSize {
  widthMm: number;
  heightMm: number;
}

export interface TableFrame {
  center: LonLat;
  /** Direction the modules face, degrees clockwise from north (180: south). */
  azimuthDeg: number;
  tiltDeg: number;
}

/** Size of a filled table on the ground: length along the rows, depth across them (m). */
export function tableSize(fill: FillParams, model: ModuleSize, tiltDeg: number): { lengthM: number; widthM: number } {
  const [along, slope] = moduleFootprint(fill.orientation, model);
  const cos = Math.cos((tiltDeg * Math.PI) / 180);
  return {
    lengthM: fill.columns * along + (fill.columns - 1) * fill.gapM,
    widthM: (fill.rows * slope + (fill.rows - 1) * fill.rowGapM) * cos,
  };
}

/** A module's side along the row and up the slope, m. */
export function moduleFootprint(orientation: Orientation, model: ModuleSize): [number, number] {
  const short = model.widthMm / 1000;
  const long = model.heightMm / 1000;
  return orientation === 'portrait' ? [short, long] : [long, short];
}

/** Unit vectors of a table: along its rows, and the direction its modules face. */
function axes(azimuthDeg: number): { along: Xy; facing: Xy } {
  const a = (azimuthDeg * Math.PI) / 180;
  return { facing: [Math.sin(a), Math.cos(a)], along: [Math.cos(a), -Math.sin(a)] };
}

/** A rectangle of the table's frame, s ∈ [s0, s1] along the rows and t ∈ [t0, t1] towards the back. */
function rect(crs: PlantCrs, c: Xy, azimuthDeg: number, s0: number, s1: number, t0: number, t1: number): GeoJSON.Polygon {
  const { along, facing } = axes(azimuthDeg);
  // t grows towards the back of the table: against the facing direction.
  const at = (s: number, t: number): LonLat =>
    crs.toLonLat([c[0] + along[0] * s - facing[0] * t, c[1] + along[1] * s - facing[1] * t]);
  const ring = [at(s0, t0), at(s1, t0), at(s1, t1), at(s0, t1), at(s0, t0)];
  return { type: 'Polygon', coordinates: [ring] };
}

/** The outline of a rectangular table (lengthM along the rows, widthM across them). */
export function rectangleOutline(crs: PlantCrs, frame: TableFrame, lengthM: number, widthM: number): GeoJSON.Polygon {
  const c = crs.toMetric(frame.center);
  return rect(crs, c, frame.azimuthDeg, -lengthM / 2, lengthM / 2, -widthM / 2, widthM / 2);
}

/** The table outline and its modules (row 1 in front, column 1 on the left seen from the front). */
export function previewFill(
  crs: PlantCrs, frame: TableFrame, fill: FillParams, model: ModuleSize,
): { outline: GeoJSON.Polygon; modules: GeoJSON.Feature<GeoJSON.Polygon>[] } {
  const { lengthM, widthM } = tableSize(fill, model, frame.tiltDeg);
  const c = crs.toMetric(frame.center);
  const cos = Math.cos((frame.tiltDeg * Math.PI) / 180);
  const [along, slope] = moduleFootprint(fill.orientation, model);
  const modules: GeoJSON.Feature<GeoJSON.Polygon>[] = [];
  for (let row = 0; row < fill.rows; row += 1) {
    const t0 = -widthM / 2 + row * (slope + fill.rowGapM) * cos;
    for (let col = 0; col < fill.columns; col += 1) {
      const s0 = -lengthM / 2 + col * (along + fill.gapM);
      modules.push({
        type: 'Feature',
        properties: { row: row + 1, column: col + 1 },
        geometry: rect(crs, c, frame.azimuthDeg, s0, s0 + along, t0, t0 + slope * cos),
      });
    }
  }
  return { outline: rect(crs, c, frame.azimuthDeg, -lengthM / 2, lengthM / 2, -widthM / 2, widthM / 2), modules };
}

/** One module placed alone at a point. */
export function previewModule(crs: PlantCrs, frame: TableFrame, orientation: Orientation, model: ModuleSize): GeoJSON.Polygon {
  const [along, slope] = moduleFootprint(orientation, model);
  const depth = slope * Math.cos((frame.tiltDeg * Math.PI) / 180);
  return rect(crs, crs.toMetric(frame.center), frame.azimuthDeg, -along / 2, along / 2, -depth / 2, depth / 2);
}
