// What a cable's end snaps to: inverters, junction boxes and the ends of strings (the first
// and last module of each string, from the modules in view).
import { useQuery } from '@tanstack/react-query';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { LonLat } from '@calepin/map-kit';
import { queryKeys } from '@calepin/map-kit/api';
import { allFeatures } from '../api';
import { useLayer } from '../layers';
import type { SnapTarget } from '../snap-points';

export type EndKind = 'inverter' | 'junction_box' | 'string';
export interface EndTarget extends SnapTarget { kind: EndKind; id: string; code: string }

interface ModuleProps { stringId: string | null; stringCode: string | null; positionInString: number | null }

const centre = (g: GeoJSON.Geometry): LonLat => {
  const ring = g.type === 'Polygon' ? g.coordinates[0] ?? [] : [];
  const pts = ring.slice(0, Math.max(1, ring.length - 1));
  return [pts.reduce((s, p) => s + p[0]!, 0) / pts.length, pts.reduce((s, p) => s + p[1]!, 0) / pts.length];
};

/** The first and last module of each string among modules (centres). */
export function stringEnds(modules: GeoJSON.Feature<GeoJSON.Geometry, ModuleProps>[]): EndTarget[] {
  const byString = new Map<string, { code: string; first: [number, LonLat]; last: [number, LonLat] }>();
  for (const m of modules) {
    const { stringId, stringCode, positionInString: pos } = m.properties;
    if (!stringId || pos === null || !m.geometry) continue;
    const at = centre(m.geometry);
    const entry = byString.get(stringId);
    if (!entry) byString.set(stringId, { code: stringCode ?? '', first: [pos, at], last: [pos, at] });
    else {
      if (pos < entry.first[0]) entry.first = [pos, at];
      if (pos > entry.last[0]) entry.last = [pos, at];
    }
  }
  return [...byString].flatMap(([id, s]) => [
    { kind: 'string' as const, id, code: s.code, at: s.first[1] },
    ...(s.last[0] !== s.first[0] ? [{ kind: 'string' as const, id, code: s.code, at: s.last[1] }] : []),
  ]);
}

/** String ends among the modules within the map's view (fetched while `enabled`). */
export function useStringEnds(plantId: string, map: MapLibreMap | null, enabled: boolean) {
  const b = map?.getBounds();
  const bbox = b ? [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(5)).join(',') : '';
  return useQuery({
    queryKey: queryKeys.layout(plantId, 'string-ends', bbox),
    // Modules carry their string from z18 on the map: below, a view may hold too many to fetch.
    enabled: enabled && Boolean(bbox) && (map?.getZoom() ?? 0) >= 17,
    queryFn: async ({ signal }) => stringEnds(await allFeatures<ModuleProps>(plantId, 'modules', { bbox, signal })),
  });
}

const pointAt = (f: GeoJSON.Feature) => (f.geometry?.type === 'Point' ? (f.geometry.coordinates as LonLat) : null);

/** Every place a cable's end may snap to: inverters, junction boxes, string ends in view. */
export function useEndTargets(plantId: string, map: MapLibreMap | null, withStrings: boolean): EndTarget[] {
  const inverters = useLayer(plantId, 'inverters');
  const boxes = useLayer(plantId, 'junction-boxes');
  const ends = useStringEnds(plantId, map, withStrings);
  const points = (kind: 'inverter' | 'junction_box', features: GeoJSON.Feature<GeoJSON.Geometry, { code: string }>[] | undefined) =>
    (features ?? []).flatMap((f) => {
      const at = pointAt(f);
      return at ? [{ kind, id: String(f.id), code: f.properties.code, at }] : [];
    });
  return [...points('inverter', inverters.data), ...points('junction_box', boxes.data), ...(ends.data ?? [])];
}
