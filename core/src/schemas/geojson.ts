import { msg } from './message';
import { z } from 'zod';

// GeoJSON geometries as requests carry them (RFC 7946, plus the GeoJSON 2008 `crs`
// member that QGIS and GDAL still write). Structure is checked here; topology (self-
// intersections, rings crossing) is checked by PostGIS, which says where it fails.

const MAX_POSITIONS = 100_000;

export const Position = z
  .array(z.number())
  .min(2, { error: msg('v.position_min') })
  .max(3, { error: msg('v.position_max') });

const samePosition = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

// `abort`: zod runs the refinement after a failed check too, and an empty ring has no first
// position to compare (POST /plants with coordinates [[]] answered 500).
export const LinearRing = z
  .array(Position)
  .min(4, { error: msg('v.ring_min'), abort: true })
  .refine((ring) => samePosition(ring[0] as number[], ring[ring.length - 1] as number[]), {
    error: msg('v.ring_closed'),
  });

/** GeoJSON 2008 named CRS: {"type":"name","properties":{"name":"EPSG:2154"}}. */
export const NamedCrs = z.object({
  type: z.literal('name'),
  properties: z.object({ name: z.string().min(1).max(200) }),
});

export const PointGeometry = z
  .object({ type: z.literal('Point'), coordinates: Position, crs: NamedCrs.optional() })
  .meta({ id: 'PointGeometry', description: 'GeoJSON Point' });

export const LineStringGeometry = z
  .object({
    type: z.literal('LineString'),
    coordinates: z.array(Position).min(2, { error: msg('v.line_min') }).max(MAX_POSITIONS),
    crs: NamedCrs.optional(),
  })
  .meta({ id: 'LineStringGeometry', description: 'GeoJSON LineString' });

const polygonCoordinates = z.array(LinearRing).min(1, { error: msg('v.polygon_min') });

export const PolygonGeometry = z
  .object({ type: z.literal('Polygon'), coordinates: polygonCoordinates, crs: NamedCrs.optional() })
  .meta({ id: 'PolygonGeometry', description: 'GeoJSON Polygon' });

export const MultiPolygonGeometry = z
  .object({
    type: z.literal('MultiPolygon'),
    coordinates: z.array(polygonCoordinates).min(1, { error: msg('v.multipolygon_min') }),
    crs: NamedCrs.optional(),
  })
  .meta({ id: 'MultiPolygonGeometry', description: 'GeoJSON MultiPolygon' });

/** An area: a Polygon or a MultiPolygon, stored as a MultiPolygon. */
export const AreaGeometry = z
  .discriminatedUnion('type', [PolygonGeometry, MultiPolygonGeometry])
  .refine((g) => countPositions(g) <= MAX_POSITIONS, { error: msg('v.max_positions') });

export type PointGeometry = z.infer<typeof PointGeometry>;
export type AreaGeometry = z.infer<typeof AreaGeometry>;
export type LineStringGeometry = z.infer<typeof LineStringGeometry>;

function countPositions(g: { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] }): number {
  const rings = (g.type === 'Polygon' ? g.coordinates : g.coordinates.flat()) as number[][][];
  return rings.reduce((n, ring) => n + ring.length, 0);
}

/** [minLon, minLat, maxLon, maxLat] in EPSG:4326. */
export const Bbox = z.tuple([z.number(), z.number(), z.number(), z.number()]).meta({
  id: 'Bbox',
  description: 'Bounding box [minLon, minLat, maxLon, maxLat] in EPSG:4326',
});
export type Bbox = z.infer<typeof Bbox>;

/** Any geometry as responses carry it (always EPSG:4326, no crs member). */
export const Geometry = z
  .object({ type: z.enum(['Point', 'LineString', 'Polygon', 'MultiPolygon']), coordinates: z.array(z.any()) })
  .meta({ id: 'Geometry', description: 'GeoJSON geometry in EPSG:4326' });

export function featureCollection<P extends z.ZodType>(id: string, properties: P) {
  return z
    .object({
      type: z.literal('FeatureCollection'),
      features: z.array(
        z.object({ type: z.literal('Feature'), id: z.uuid(), geometry: Geometry.nullable(), properties }),
      ),
      numberReturned: z.number().int(),
      links: z.array(z.object({ rel: z.string(), href: z.string(), type: z.string().optional() })),
    })
    .meta({ id });
}
