import { type Frame, type Point, type PolygonRings, type Ring, centroidOfBounds, localBounds, localRect, ringWithin, roundRing } from './frame';
import { type FilledTable, type TableFill, fillTable, gridSize } from './fill';

export interface AreaFill {
  /** The area to cover, metres in the plant's projected CRS. */
  area: PolygonRings;
  azimuthDeg: number;
  /** Distance between the fronts of two successive rows of tables (plan), metres. */
  pitchM: number;
  /** Every table: rows × columns (both required here), gaps, tilt, height. */
  table: TableFill & { rows: number; columns: number };
  /** Gap between two tables of the same row, metres (default 1). */
  tableGapM?: number;
}

export interface AreaTable extends FilledTable {
  /** 1-based row of tables (front row first) and place in that row (left first). */
  tableRow: number;
  tableColumn: number;
  center: Point;
}

const EPS = 0.001;

/** Why an area cannot be filled (the caller turns these into messages). */
export class AreaFillError extends Error {
  constructor(readonly reason: 'pitch_too_small', readonly neededM: number) {
    super(`${reason}: ${neededM}`);
  }
}

/**
 * Covers an area with whole tables: rows of tables every `pitchM` up the slope, tables
 * side by side `tableGapM` apart; only tables wholly inside the area are kept.
 */
export function fillArea(spec: AreaFill, maxTables = 100_000): AreaTable[] {
  const size = gridSize(spec.table, spec.table.rows, spec.table.columns);
  if (spec.pitchM + EPS < size.depthM) throw new AreaFillError('pitch_too_small', Number(size.depthM.toFixed(3)));
  const outer = spec.area[0] as Ring;
  const frame: Frame = { origin: centroidOfBounds(outer), azimuthDeg: spec.azimuthDeg };
  const [u0, v0, u1, v1] = localBounds(frame, outer);
  const gap = spec.tableGapM ?? 1;
  const tables: AreaTable[] = [];
  let tableRow = 0;
  for (let va = v0; va + size.depthM <= v1 + EPS; va += spec.pitchM) {
    tableRow++;
    let tableColumn = 0;
    for (let ua = u0; ua + size.lengthM <= u1 + EPS; ua += size.lengthM + gap) {
      const probe = localRect(frame, ua + EPS, va + EPS, ua + size.lengthM - EPS, va + size.depthM - EPS);
      if (!ringWithin(spec.area, probe)) continue;
      if (tables.length >= maxTables) return tables;
      tableColumn++;
      const rect = roundRing(localRect(frame, ua, va, ua + size.lengthM, va + size.depthM));
      const center = localRect(frame, ua + size.lengthM / 2, va + size.depthM / 2, 0, 0)[0] as Point;
      const filled = fillTable({ polygon: [rect], azimuthDeg: spec.azimuthDeg }, spec.table);
      tables.push({ ...filled, tableRow, tableColumn, center: roundRing([center])[0] as Point });
    }
  }
  return tables;
}
