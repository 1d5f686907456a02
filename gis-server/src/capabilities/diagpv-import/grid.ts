// The DiagPV physical grid (rows × columns of a roof sketch) as geometry: one table per
// physical row, modules side by side, centred on the point the user chose and facing
// its azimuth. The user then moves and rotates the tables onto the roof in the editor.
import { type Frame, type Point, type Ring, toWorld } from '@calepin/core';
import type { DiagpvModule } from './model';

/** A common 60-cell module in portrait (their export says nothing of the model). */
export const MODULE_WIDTH_M = 1.134;
export const MODULE_HEIGHT_M = 1.722;
const GAP_M = 0.02;
const ROW_GAP_M = 0.5;
const MARGIN_M = 0.05;

export interface GridTable {
  row: number;
  ring: Ring;
  modules: { module: DiagpvModule; ring: Ring }[];
}

function rect(frame: Frame, u0: number, v0: number, u1: number, v1: number): Ring {
  const corners: Point[] = [[u0, v0], [u1, v0], [u1, v1], [u0, v1], [u0, v0]];
  return corners.map((p) => toWorld(frame, p));
}

/** Row 1 at the back (north when facing south), column 1 on the left, as their grid draws them. */
export function layOutGrid(modules: DiagpvModule[], origin: Point, azimuthDeg: number): GridTable[] {
  const frame: Frame = { origin, azimuthDeg };
  const rows = [...new Set(modules.map((m) => m.row))].sort((a, b) => a - b);
  const columns = Math.max(...modules.map((m) => m.column));
  const pitchU = MODULE_WIDTH_M + GAP_M;
  const pitchV = MODULE_HEIGHT_M + ROW_GAP_M;
  const u0 = -(columns * pitchU - GAP_M) / 2;
  const v0 = ((rows.length - 1) * pitchV) / 2;
  return rows.map((row, i) => {
    const vTop = v0 - i * pitchV + MODULE_HEIGHT_M / 2;
    const members = modules.filter((m) => m.row === row);
    const placed = members.map((module) => {
      const u = u0 + (module.column - 1) * pitchU;
      return { module, ring: rect(frame, u, vTop - MODULE_HEIGHT_M, u + MODULE_WIDTH_M, vTop) };
    });
    const first = Math.min(...members.map((m) => m.column));
    const last = Math.max(...members.map((m) => m.column));
    const ring = rect(frame, u0 + (first - 1) * pitchU - MARGIN_M, vTop - MODULE_HEIGHT_M - MARGIN_M,
      u0 + (last - 1) * pitchU + MODULE_WIDTH_M + MARGIN_M, vTop + MARGIN_M);
    return { row, ring, modules: placed };
  });
}
