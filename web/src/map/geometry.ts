import type { AreaGeometry } from '@calepin/core';

/** The polygons of a boundary, as coordinate arrays (rings of [lon, lat]). */
export function polygonsOf(geometry: { type: string; coordinates: unknown }): number[][][][] {
  if (geometry.type === 'Polygon') return [geometry.coordinates as number[][][]];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates as number[][][][];
  return [];
}

/** One polygon stays a Polygon, several make a MultiPolygon, none is no boundary. */
export function toArea(polygons: number[][][][]): AreaGeometry | null {
  if (polygons.length === 0) return null;
  if (polygons.length === 1) return { type: 'Polygon', coordinates: polygons[0] as number[][][] };
  return { type: 'MultiPolygon', coordinates: polygons };
}

/**
 * Area of a ring in m², on the sphere (the formula of Chamberlain and Duquette that
 * turf uses): good to a fraction of a percent for a plant, and only shown as a guide.
 */
export function ringArea(ring: number[][]): number {
  const R = 6_378_137;
  const rad = Math.PI / 180;
  let total = 0;
  for (let i = 0; i < ring.length - 1; i += 1) {
    const [x1, y1] = ring[i] as [number, number];
    const [x2, y2] = ring[i + 1] as [number, number];
    total += (x2 - x1) * rad * (2 + Math.sin(y1 * rad) + Math.sin(y2 * rad));
  }
  return Math.abs((total * R * R) / 2);
}
