// The report's raster maps: MapLibre composites of the plant's own vector tiles (the
// print capability, print/map-composite.ts) — the plant map, with this audit's findings
// drawn over the layout in the six status colours, and the plans under the detail maps
// when the report asks for them (the detail maps themselves are SVG: detail-maps.ts).
import type { StyleSpecification } from 'maplibre-gl';
import { MODULE_STATUSES, STATUS_COLORS } from '@calepin/core';
import { plantLayers } from '@calepin/map-kit/layers';
import type { Deps } from '../../../http/context';
import { PRINT_ORIGIN, withCompositeSession } from '../../../print/map-composite';
import { PRINT_USER } from '../../../print/user';
import type { DetailCamera } from './detail-maps';
import type { PlanUnder } from './view';

type Geometry = { type: string; coordinates: unknown };
export interface Finding { code: string; status: string; geometry: Geometry; lon: number; lat: number }

/** A4 text width in CSS pixels (14 mm margins). */
export const MAP_WIDTH = 688;
/**
 * 2.1 device pixels per CSS pixel: 1,445 pixels over the 182 mm of the page, 201 dpi on
 * paper (the issue asks ≥ 200). Drawn at the size shown (`detail` 1): at twice the size, one
 * zoom deeper, with 2.5 pixels (240 dpi), an inverter page took 8–10 s instead of 5 on the
 * loaded 2-core machine (4 tiles instead of 16, 30 % fewer pixels), for lines a little thinner.
 */
export const MAP_QUALITY = { pixelRatio: 2.1, detail: 1 };
/** The margin around what a map frames, in CSS pixels, and the deepest zoom it goes to. */
export const MAP_PADDING = 16;
export const MAP_MAX_ZOOM = 21;

const statusFill = ['match', ['get', 'status'], ...MODULE_STATUSES.flatMap((s) => [s, STATUS_COLORS[s]]), STATUS_COLORS.pending];

/** What the status maps of a report draw: the plant's layout, its boundary, the plans wanted under them. */
export interface MappedPlant { id: string; boundary: Geometry | null; plans: readonly PlanUnder[] }

function statusStyle(plant: MappedPlant, findings: readonly Finding[]): StyleSpecification {
  const tiles = `${PRINT_ORIGIN}/plants,tables,modules/{z}/{x}/{y}?plant=${encodeURIComponent(plant.id)}`;
  const collection = (features: { geometry: Geometry; properties: Record<string, unknown> }[]) =>
    ({ type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', ...f })) }) as never;
  return {
    version: 8,
    sources: {
      layout: { type: 'vector', tiles: [tiles], minzoom: 0, maxzoom: 22 },
      boundary: { type: 'geojson', data: collection(plant.boundary ? [{ geometry: plant.boundary, properties: {} }] : []) },
      none: { type: 'geojson', data: collection([]) },
      findings: { type: 'geojson', data: collection(findings.map((f) => ({ geometry: f.geometry, properties: { status: f.status } }))) },
      // The tile-server's plan rasters (tile-server/src/sources/plans), 256-pixel tiles as on the plant map (map-kit/plan-layers.ts).
      ...Object.fromEntries(plant.plans.map((p) => [`plan-${p.id}`, {
        type: 'raster' as const, tiles: [`${PRINT_ORIGIN}/plans/{z}/{x}/{y}?plan=${encodeURIComponent(p.id)}`], tileSize: 256,
      }])),
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#f4f3ee' } },
      ...plant.plans.map((p) => ({
        id: `plan-${p.id}`, type: 'raster' as const, source: `plan-${p.id}`, paint: { 'raster-opacity': p.opacity, 'raster-fade-duration': 0 },
      })),
      ...plantLayers('layout', { boundary: 'boundary', highlight: 'none', showDefects: false }),
      // This audit's statuses over today's: an older audit's report shows what it found.
      { id: 'findings', type: 'fill', source: 'findings', paint: { 'fill-color': statusFill as never, 'fill-outline-color': '#0f172a' } },
    ],
  };
}

export interface StatusMap {
  png: Buffer;
  metresPerPixel: number;
  timing: { drawMs: number; pngMs: number; tiles: number; tileMs: number };
}

/** What one map of the session shows: everything, framing `bounds`; or only the plans, at a detail map's camera. */
export type StatusView =
  | { bounds: [number, number, number, number]; height: number }
  | { camera: DetailCamera; height: number };

/** Draws one map of the session, `height` CSS pixels high. */
export type DrawStatusMap = (view: StatusView) => Promise<StatusMap>;

/**
 * The status maps of one report, all drawn on one MapLibre map (print/map-composite.ts,
 * withCompositeSession): every finding of the audit is in its style once, and each map
 * moves the camera.
 */
export async function withStatusMaps<T>(
  deps: Deps, token: string, plant: MappedPlant, findings: readonly Finding[], work: (draw: DrawStatusMap) => Promise<T>,
): Promise<T> {
  // Tiles fetched for the map being drawn (the benchmark's breakdown of a map's time).
  let fetched = { tiles: 0, ms: 0 };
  return withCompositeSession(deps.print, {
    style: statusStyle(plant, findings),
    width: MAP_WIDTH, padding: MAP_PADDING, maxZoom: MAP_MAX_ZOOM, ...MAP_QUALITY,
    async fetchTile(path) {
      const started = performance.now();
      const reply = await fetch(`${deps.config.tileServerUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
      const body = Buffer.from(await reply.arrayBuffer());
      fetched = { tiles: fetched.tiles + 1, ms: fetched.ms + performance.now() - started };
      return { status: reply.status, body, contentType: reply.headers.get('content-type') ?? 'application/octet-stream' };
    },
  }, (session) => work(async (view) => {
    fetched = { tiles: 0, ms: 0 };
    const composite = await session.draw('camera' in view
      ? { camera: view.camera, height: view.height, visible: ['background', ...plant.plans.map((p) => `plan-${p.id}`)] }
      : { bounds: view.bounds, height: view.height, visible: null });
    const timing = { ...composite.timing, tiles: fetched.tiles, tileMs: Math.round(fetched.ms) };
    return { png: composite.png, metresPerPixel: composite.metresPerPixel, timing };
  }));
}

/** A service token of the print user, for the tile requests of a report's maps. */
export const printToken = (deps: Deps) => deps.tokens.issueService(PRINT_USER);
