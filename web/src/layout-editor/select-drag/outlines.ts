// What a dragged selection is made of on the map: the outlines of its modules and tables as
// drawn (a selected table takes the modules lying in it along, as the server does), and the
// same outlines shifted by a metric offset in the plant's projected CRS, for the preview.
import type { Map as MapLibreMap } from 'maplibre-gl';
import { type LonLat, MODULES_LAYER, type PlantCrs, type Xy } from '@calepin/map-kit';
import type { Selection } from '../api';

export interface DraggedOutline { kind: 'module' | 'table'; id: string; polygons: LonLat[][][] }

const LAYERS = { module: MODULES_LAYER, table: 'le-tables-hit' } as const;

function polygons(g: GeoJSON.Geometry): GeoJSON.Position[][][] {
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'MultiPolygon') return g.coordinates;
  return [];
}

/** Ray casting on one ring (fine for the few metres of a table; lon/lat are near linear there). */
function inside(p: GeoJSON.Position, ring: GeoJSON.Position[]): boolean {
  let yes = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > p[1]! !== yj > p[1]! && p[0]! < ((xj - xi) * (p[1]! - yi)) / (yj - yi) + xi) yes = !yes;
  }
  return yes;
}

const centreOf = (ring: GeoJSON.Position[]): GeoJSON.Position => {
  const pts = ring.slice(0, -1);
  return [pts.reduce((s, p) => s + p[0]!, 0) / pts.length, pts.reduce((s, p) => s + p[1]!, 0) / pts.length];
};

/**
 * The outlines drawn on the map of the selected modules and tables, and of the modules that
 * lie in a selected table (tiles split a feature at tile edges: its pieces are all kept).
 */
export function selectedOutlines(map: MapLibreMap, selection: Selection): DraggedOutline[] {
  const out = new Map<string, DraggedOutline>();
  const add = (kind: DraggedOutline['kind'], id: string, g: GeoJSON.Geometry) => {
    const key = `${kind}:${id}`;
    const o = out.get(key) ?? { kind, id, polygons: [] };
    for (const poly of polygons(g)) o.polygons.push(poly.map((r) => r.map((p) => [p[0]!, p[1]!] as LonLat)));
    out.set(key, o);
  };
  const picked = new Set([...selection.modules, ...selection.tables]);
  const tableRings: GeoJSON.Position[][] = [];
  if (map.getLayer(LAYERS.table)) {
    for (const f of map.queryRenderedFeatures({ layers: [LAYERS.table] })) {
      const id = f.properties.id;
      if (typeof id !== 'string' || !selection.tables.includes(id)) continue;
      add('table', id, f.geometry);
      for (const poly of polygons(f.geometry)) if (poly[0]) tableRings.push(poly[0]);
    }
  }
  if (map.getLayer(LAYERS.module)) {
    for (const f of map.queryRenderedFeatures({ layers: [LAYERS.module] })) {
      const id = f.properties.id;
      if (typeof id !== 'string') continue;
      const ring = polygons(f.geometry)[0]?.[0];
      const inTable = ring && tableRings.some((t) => inside(centreOf(ring), t));
      if (picked.has(id) || inTable) add('module', id, f.geometry);
    }
  }
  return [...out.values()];
}

/** The outlines shifted by `shiftM` (metres east, north in the plant CRS), as preview features. */
export function shiftedFeatures(crs: PlantCrs, outlines: readonly DraggedOutline[], shiftM: Xy): GeoJSON.Feature[] {
  const move = (p: LonLat): LonLat => {
    const m = crs.toMetric(p);
    return crs.toLonLat([m[0] + shiftM[0], m[1] + shiftM[1]]);
  };
  return outlines.map((o) => ({
    type: 'Feature',
    properties: { kind: o.kind, id: o.id },
    geometry: { type: 'MultiPolygon', coordinates: o.polygons.map((poly) => poly.map((r) => r.map(move))) },
  }));
}
