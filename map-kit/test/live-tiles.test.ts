// Which loaded tiles the map fetches again after a live change (map-kit/src/live/tiles.ts).
import { describe, expect, test } from 'vitest';
import { tileAt as tileOf } from '@calepin/core';
import { touchedTiles, zoomsAround } from '../src/live/tiles';

// A module near Toulouse (1 m × 2 m), and a view of ~300 m around it.
const module: [number, number, number, number] = [1.20001, 43.50001, 1.20002, 43.50003];
const view: [number, number, number, number] = [1.198, 43.499, 1.202, 43.501];

describe('tiles touched by a live change', () => {
  test('the tiles of the module at the zooms shown, and only those', () => {
    const tiles = touchedTiles({ bbox: module, point: null }, view, [17, 18, 19]);
    expect(tiles).not.toBe('all');
    for (const z of [17, 18, 19]) expect(tiles).toContainEqual(tileOf(1.20001, 43.50001, z));
    // One tile per zoom, or its neighbour when the module sits within the margin of an edge.
    expect((tiles as unknown[]).length).toBeLessThanOrEqual(12);
  });

  test("the plant's point too (its counts change at low zooms)", () => {
    const tiles = touchedTiles({ bbox: module, point: [1.2015, 43.5005] }, view, [20]);
    expect(tiles).toContainEqual(tileOf(1.2015, 43.5005, 20));
    expect(tiles).toContainEqual(tileOf(1.20001, 43.50001, 20));
  });

  test('nothing when the change is out of sight; everything when it is unknown or too wide to list', () => {
    expect(touchedTiles({ bbox: [2.3, 48.8, 2.31, 48.81], point: null }, view, [18])).toEqual([]);
    expect(touchedTiles({ bbox: null, point: null }, view, [18])).toBe('all');
    expect(touchedTiles({ bbox: [-10, 40, 10, 50], point: null }, [-10, 40, 10, 50], [12])).toBe('all');
  });

  test('the zooms a 512 px vector source may show at a map zoom, within its range', () => {
    expect(zoomsAround(18.4, 22)).toEqual([17, 18, 19]);
    expect(zoomsAround(23, 22)).toEqual([21, 22]);
    expect(zoomsAround(0.5, 22)).toEqual([0, 1]);
  });
});
