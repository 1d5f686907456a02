// The Web Mercator tile arithmetic that the tile-server, the map kit, the tests and the
// benchmarks share. The expected tiles and bounds are PostGIS's (ST_TileEnvelope).
import { describe, expect, test } from 'vitest';
import {
  latToTileY, mercatorToLonLat, tileAt, tileBounds, tileMercatorBounds, tilesCovering,
} from '@calepin/core';

describe('tile arithmetic', () => {
  test('the tile that holds a point, in both hemispheres (PostGIS ST_TileEnvelope contains the point)', () => {
    expect(tileAt(1.20001, 43.50001, 18)).toEqual({ z: 18, x: 131945, y: 95824 });
    expect(tileAt(-3.7, 40.4, 12)).toEqual({ z: 12, x: 2005, y: 1544 });
    expect(tileAt(2.3522, 48.8566, 21)).toEqual({ z: 21, x: 1062278, y: 721479 });
    expect(tileAt(174.77, -41.28, 15)).toEqual({ z: 15, x: 32291, y: 20516 });
  });

  test('the bounds of a tile in degrees and in metres, as PostGIS gives them', () => {
    const degrees = tileBounds({ z: 12, x: 2005, y: 1544 });
    [-3.779296875, 40.380028402511826, -3.69140625, 40.44694705960049].forEach((v, i) => expect(degrees[i]).toBeCloseTo(v, 9));
    const metres = tileMercatorBounds({ z: 12, x: 2005, y: 1544 });
    [-420709.4036816098, 4921321.629112788, -410925.4640611075, 4931105.56873329].forEach((v, i) => expect(metres[i]).toBeCloseTo(v, 6));
    const [west, north] = mercatorToLonLat(metres[0], metres[3]);
    expect(west).toBeCloseTo(degrees[0], 9);
    expect(north).toBeCloseTo(degrees[3], 9);
  });

  test('latitudes past the Mercator square are clamped to its edge rows', () => {
    expect(Math.floor(latToTileY(89, 3))).toBe(0);
    expect(Math.floor(latToTileY(-89, 3))).toBe(7);
  });

  test('the tiles covering a box, with a margin in tile widths, clamped to the world', () => {
    const box = tileBounds({ z: 10, x: 515, y: 372 });
    const inset = [box[0] + 1e-6, box[1] + 1e-6, box[2] - 1e-6, box[3] - 1e-6] as const;
    expect(tilesCovering(inset, 10)).toEqual({ z: 10, minX: 515, maxX: 515, minY: 372, maxY: 372 });
    expect(tilesCovering(inset, 10, 0.1)).toEqual({ z: 10, minX: 514, maxX: 516, minY: 371, maxY: 373 });
    expect(tilesCovering([-180, -89, 180, 89], 2, 0.5)).toEqual({ z: 2, minX: 0, maxX: 3, minY: 0, maxY: 3 });
  });
});
