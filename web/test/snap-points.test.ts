// Snapping in metres in the plant CRS (Lambert-93 here): corners before edges, reach in
// metres, a moved shape corrected onto its neighbour, cable ends onto the nearest target.
import { describe, expect, it } from 'vitest';
import { type LonLat, plantCrs } from '@calepin/map-kit';
import { nearestTarget, snapShift, snapToOutlines } from '../src/layout-editor/snap-points';

const crs = plantCrs(2154, [1.19, 43.5]);
const [x0, y0] = crs.toMetric([1.19, 43.5]);
/** A point `dx`, `dy` metres from the origin, in EPSG:4326. */
const at = (dx: number, dy: number): LonLat => crs.toLonLat([x0 + dx, y0 + dy]);
const square = (x: number, y: number, size: number) => [at(x, y), at(x + size, y), at(x + size, y + size), at(x, y + size), at(x, y)];
const metres = (p: LonLat) => {
  const [x, y] = crs.toMetric(p);
  return [x - x0, y - y0];
};

describe('snapToOutlines', () => {
  it('takes a corner within reach before an edge', () => {
    const snap = snapToOutlines(crs, at(2.2, 2.1), [square(0, 0, 2)], 0.5);
    expect(snap?.kind).toBe('corner');
    expect(metres(snap!.at)[0]).toBeCloseTo(2, 6);
    expect(metres(snap!.at)[1]).toBeCloseTo(2, 6);
  });

  it('else the nearest point of an edge, and nothing beyond reach', () => {
    const snap = snapToOutlines(crs, at(2.3, 1), [square(0, 0, 2)], 0.5);
    expect(snap?.kind).toBe('edge');
    expect(metres(snap!.at)[0]).toBeCloseTo(2, 6);
    expect(metres(snap!.at)[1]).toBeCloseTo(1, 6);
    expect(snap!.distanceM).toBeCloseTo(0.3, 6);
    expect(snapToOutlines(crs, at(2.6, 1), [square(0, 0, 2)], 0.5)).toBeNull();
  });
});

describe('snapShift', () => {
  it('corrects a move so that the nearest moved corner lands on the neighbour', () => {
    // A 1 m square at x = 3 moved 0.8 m west: its west side ends 0.2 m from the neighbour's east side.
    const moved = snapShift(crs, square(3, 0.5, 1).slice(0, 4), [-0.8, 0], [square(0, 0, 2)], 0.5);
    expect(moved?.shiftM[0]).toBeCloseTo(-1, 6);
    expect(moved?.shiftM[1]).toBeCloseTo(0, 6);
    expect(snapShift(crs, square(3, 0.5, 1).slice(0, 4), [0, 0], [square(0, 0, 2)], 0.5)).toBeNull();
  });
});

describe('nearestTarget', () => {
  it('picks the closest target within reach', () => {
    const targets = [{ kind: 'inverter', at: at(0, 0), id: 'a' }, { kind: 'junction_box', at: at(0.3, 0), id: 'b' }];
    expect(nearestTarget(crs, at(0.25, 0.05), targets, 0.5)?.target.id).toBe('b');
    expect(nearestTarget(crs, at(5, 5), targets, 0.5)).toBeNull();
  });
});
