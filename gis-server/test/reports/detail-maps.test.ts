// The framing of the report's detail maps (render/detail-maps.ts): MapLibre's camera for a
// box, and a long inverter cut into slices at a readable scale.
import { describe, expect, it } from 'vitest';
import {
  READABLE_METRES_PER_PIXEL, cameraBounds, cameraMetresPerPixel, detailSlices, fitCamera,
} from '../../src/capabilities/reports/render/detail-maps';

const LAT = 43.5;
const metresToLon = (m: number) => m / (111_320 * Math.cos((LAT * Math.PI) / 180));
const metresToLat = (m: number) => m / 110_574;
/** A box of `w` × `h` metres with its south-west corner at (1.2, 43.5). */
const box = (w: number, h: number) => [1.2, LAT, 1.2 + metresToLon(w), LAT + metresToLat(h)];

describe('detail map framing', () => {
  it('fits a box as MapLibre fitBounds does: inside the padding, centred', () => {
    const bounds = box(30, 20);
    const camera = fitCamera(bounds, 688, 860, 16, 21);
    const [w, s, e, n] = cameraBounds(camera, 688, 860);
    expect(w).toBeLessThan(bounds[0]!);
    expect(e).toBeGreaterThan(bounds[2]!);
    expect(s).toBeLessThan(bounds[1]!);
    expect(n).toBeGreaterThan(bounds[3]!);
    // The width is what limits: 30 m over 688 - 32 px.
    expect(cameraMetresPerPixel(camera)).toBeCloseTo(30 / 656, 3);
  });

  it('cuts a wide and tall one into a grid of cells', () => {
    const slices = detailSlices(box(200, 200), 688, 860, 16, 21);
    expect(slices.length).toBe(Math.ceil(200 / 65.6) * Math.ceil(200 / 82.8));
    for (const slice of slices) expect(cameraMetresPerPixel(slice.camera)).toBeLessThanOrEqual(READABLE_METRES_PER_PIXEL * 1.001);
  });

  it('keeps one full-height map for a roof that reads at its scale', () => {
    const slices = detailSlices(box(40, 30), 688, 860, 16, 21);
    expect(slices).toHaveLength(1);
    expect(slices[0]!.height).toBe(860);
  });

  it('cuts a long row of modules into low slices, every one at a readable scale', () => {
    const slices = detailSlices(box(200, 10), 688, 860, 16, 21);
    expect(slices.length).toBe(Math.ceil(200 / (656 * READABLE_METRES_PER_PIXEL)));
    for (const slice of slices) {
      expect(cameraMetresPerPixel(slice.camera)).toBeLessThanOrEqual(READABLE_METRES_PER_PIXEL * 1.001);
      expect(slice.height).toBeLessThan(300);
    }
    // Together they cover the row from west to east.
    const views = slices.map((s) => cameraBounds(s.camera, 688, s.height));
    expect(views[0]![0]).toBeLessThanOrEqual(box(200, 10)[0]!);
    expect(views.at(-1)![2]).toBeGreaterThanOrEqual(box(200, 10)[2]!);
  });

  it('cuts a tall one from north to south, each slice about a page high', () => {
    const slices = detailSlices(box(10, 300), 688, 860, 16, 21);
    expect(slices.length).toBe(Math.ceil(300 / (828 * READABLE_METRES_PER_PIXEL)));
    for (const slice of slices) {
      expect(slice.height).toBeGreaterThan(700);
      expect(slice.height).toBeLessThanOrEqual(860);
      expect(cameraMetresPerPixel(slice.camera)).toBeLessThanOrEqual(READABLE_METRES_PER_PIXEL * 1.001);
    }
  });
});
