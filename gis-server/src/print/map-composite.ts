import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as MapLibre from 'maplibre-gl';
import type { Page } from 'playwright-core';
import type { PrintBrowser } from './browser';

const require = createRequire(import.meta.url);
/** MapLibre's browser modules (ES modules and their worker), served to the print page from node_modules. */
const MAPLIBRE_DIST = dirname(require.resolve('maplibre-gl/dist/maplibre-gl.css'));

/** The origin under which a composite's style names its tiles: answered by `fetchTile`, never by the network. */
export const PRINT_ORIGIN = 'http://calepin.print';

export interface CompositeRequest {
  /** A MapLibre style whose tile URLs start with PRINT_ORIGIN. */
  style: unknown;
  /** [west, south, east, north] in EPSG:4326, fitted inside the image with `padding`. */
  bounds: [number, number, number, number];
  width: number;
  height: number;
  padding?: number;
  /** Pixels per CSS pixel: 2 gives print quality at the size shown. */
  pixelRatio?: number;
  /**
   * The map is drawn `detail` times larger (in CSS pixels) than shown, so one zoom level
   * deeper per doubling: thinner lines, and the tiles of that zoom (at z17 the tile-server
   * draws each module whose status differs from its table's).
   */
  detail?: number;
  maxZoom?: number;
  /** Answers a tile request of the page (path and query after PRINT_ORIGIN). */
  fetchTile(pathAndQuery: string): Promise<{ status: number; body: Buffer; contentType: string }>;
}

export interface Composite {
  png: Buffer;
  zoom: number;
  /** Ground metres per CSS pixel of the image as shown (width × height): the scale bar is drawn from it. */
  metresPerPixel: number;
  center: [number, number];
  /** Where its time went, in milliseconds: moving and drawing until idle (tiles included), the PNG. */
  timing: { drawMs: number; pngMs: number };
}

/**
 * A map drawn by MapLibre in the print browser and returned as a PNG: the same renderer,
 * tiles and colours as the web map, so a printed plant looks like the plant on screen.
 * North is up (bearing 0), which the north arrow of a template may rely on.
 */
type TileFetcher = CompositeRequest['fetchTile'];

/** The device pixel ratio of a composite's page: warm pages are kept per ratio. */
const pageRatio = (request: Pick<CompositeRequest, 'pixelRatio' | 'detail'>) => (request.pixelRatio ?? 2) / (request.detail ?? 1);

/**
 * Opens a map page ahead of the first composite of this ratio (Chromium started, MapLibre
 * loaded: about 19 s on a loaded 2-core machine, bench/RESULTS.md), so that the first
 * print after a start is as quick as the next ones.
 */
export async function warmComposite(print: PrintBrowser, request: Pick<CompositeRequest, 'pixelRatio' | 'detail'>): Promise<void> {
  const ratio = pageRatio(request);
  await print.withWarmPage(`map:${ratio}`, { deviceScaleFactor: ratio }, prepareMapPage, async () => undefined);
}

/** Which composite a warm page is drawing now: its route answers tiles with this one's fetcher. */
const drawing = new WeakMap<Page, TileFetcher>();

const PAGE_HTML =
  '<!doctype html><html><head><style>html,body{margin:0;background:#fff}</style></head>' +
  '<body><div id="map"></div><script type="module">import * as gl from "/maplibre/maplibre-gl.mjs"; window.maplibregl = gl; window.ready = true;</script></body></html>';

/**
 * Sets up a warm map page once: the page, MapLibre and the tiles all come from
 * PRINT_ORIGIN (one origin, so MapLibre's module worker may start, and nothing reaches the
 * network); tiles are answered by the fetcher of the composite being drawn.
 */
async function prepareMapPage(page: Page): Promise<void> {
  await page.route(`${PRINT_ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    try {
      if (url.pathname === '/') return await route.fulfill({ body: PAGE_HTML, contentType: 'text/html' });
      const file = /^\/maplibre\/([\w.-]+\.mjs)$/.exec(url.pathname)?.[1];
      if (file) return await route.fulfill({ body: await readFile(join(MAPLIBRE_DIST, file)), contentType: 'text/javascript' });
      const fetchTile = drawing.get(page);
      if (!fetchTile) return await route.fulfill({ status: 404, body: '' });
      const tile = await fetchTile(url.pathname + url.search);
      await route.fulfill({ status: tile.status, body: tile.body, contentType: tile.contentType });
    } catch {
      await route.fulfill({ status: 502, body: '' });
    }
  });
  await page.goto(`${PRINT_ORIGIN}/`);
  await page.waitForFunction('window.ready === true');
}

/** Ground metres one CSS pixel covers at a latitude and zoom: MapLibre draws 512-pixel tiles. */
export const metresPerCssPixel = (lat: number, zoom: number) => (40_075_016.686 * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** zoom);

/**
 * One view of a composite session: where to look — `bounds` fitted with the session's
 * padding, or a `camera` (centre, zoom) chosen by the caller, who draws over the image in
 * the same projection — the image's height in CSS pixels, and which of the style's layers
 * it shows (`null`: all of them).
 */
export type CompositeView = ({ bounds: [number, number, number, number] } | { camera: { center: [number, number]; zoom: number } }) & {
  height: number;
  visible?: readonly string[] | null;
};

export interface CompositeSession {
  /** The session's map moved to `view`, drawn once every tile is there, as a PNG. */
  draw(view: CompositeView): Promise<Composite>;
}

/** In the page: the session's map, made by the first view and moved by the next ones. */
interface PrintedWindow {
  maplibregl: typeof MapLibre;
  printed?: MapLibre.Map;
  printErrors?: string[];
  document: { getElementById(id: string): { style: Record<string, string> } };
}

/**
 * Several composites of one style on one map (a report: the plant, then each inverter):
 * MapLibre, the style, its GeoJSON sources and the tiles already fetched stay between views,
 * and each view only moves the camera. A new map per view cost about 5 s each on the loaded
 * 2-core machine (a WebGL context, the style parsed, GeoJSON cut into tiles, every tile
 * fetched again): bench/RESULTS.md, *Audit reports*. The session holds one warm page for
 * its whole `work`; North is up (bearing 0), which a template's north arrow relies on.
 */
export async function withCompositeSession<T>(
  print: PrintBrowser, request: Omit<CompositeRequest, 'bounds' | 'height'>, work: (session: CompositeSession) => Promise<T>,
): Promise<T> {
  const detail = request.detail ?? 1;
  const width = Math.round(request.width * detail);
  const ratio = pageRatio(request);
  return print.withWarmPage(`map:${ratio}`, { deviceScaleFactor: ratio }, prepareMapPage, async (page) => {
    drawing.set(page, request.fetchTile);
    let viewport = { width: 0, height: 0 };
    try {
      return await work({
        async draw(view) {
          const height = Math.round(view.height * detail);
          if (viewport.width !== width || viewport.height !== height) {
            viewport = { width, height };
            await page.setViewportSize(viewport);
          }
          const started = performance.now();
          const shown = await page.evaluate(showView, {
            style: request.style, padding: (request.padding ?? 24) * detail, maxZoom: request.maxZoom ?? 21, width, height,
            bounds: 'bounds' in view ? view.bounds : null,
            // A camera is given at the size shown: `detail` times larger is one zoom deeper per doubling.
            camera: 'camera' in view ? { center: view.camera.center, zoom: view.camera.zoom + Math.log2(detail) } : null,
            visible: view.visible ?? null,
          });
          const drawn = performance.now();
          const png = await page.locator('#map').screenshot({ type: 'png' });
          const metresPerPixel = metresPerCssPixel(shown.center[1], shown.zoom) * detail;
          const timing = { drawMs: Math.round(drawn - started), pngMs: Math.round(performance.now() - drawn) };
          return { png, zoom: shown.zoom, metresPerPixel, center: shown.center, timing };
        },
      });
    } finally {
      drawing.delete(page);
      // The page goes back warm and empty: the map, its WebGL context and its tiles released.
      await page.evaluate('globalThis.printed?.remove(); globalThis.printed = undefined;').catch(() => undefined);
    }
  });
}

/**
 * Runs in the print page: makes the map on the first view, moves it on the next ones, and
 * resolves once it is idle (every tile of the view loaded and drawn). Self-contained: it
 * is serialised into the page.
 */
function showView(args: {
  style: unknown; bounds: [number, number, number, number] | null; camera: { center: [number, number]; zoom: number } | null;
  padding: number; maxZoom: number; width: number; height: number; visible: readonly string[] | null;
}) {
  const page = globalThis as unknown as PrintedWindow;
  const container = page.document.getElementById('map').style;
  container.width = `${args.width}px`;
  container.height = `${args.height}px`;
  return new Promise<{ zoom: number; center: [number, number] }>((resolve, reject) => {
    const errors: string[] = [];
    page.printErrors = errors;
    // No named function in here: the bundler of a dev run (tsx) wraps those in a helper the page does not have.
    let map = page.printed;
    if (!map) {
      const style = args.style as MapLibre.StyleSpecification;
      map = new page.maplibregl.Map({
        container: 'map',
        // The layers this view shows; the next views set theirs on the map's own style.
        style: { ...style, layers: style.layers.map((l) => ({ ...l, layout: { ...l.layout, visibility: !args.visible || args.visible.includes(l.id) ? 'visible' : 'none' } }) as MapLibre.LayerSpecification) },
        ...(args.bounds ? { bounds: args.bounds, fitBoundsOptions: { padding: args.padding } } : { center: args.camera!.center, zoom: args.camera!.zoom }),
        maxZoom: args.maxZoom,
        interactive: false,
        attributionControl: false,
        fadeDuration: 0,
        canvasContextAttributes: { preserveDrawingBuffer: true },
      });
      page.printed = map;
      map.on('error', (e) => page.printErrors?.push(String((e as unknown as { error?: { message?: string } }).error?.message ?? e)));
    } else {
      map.resize();
      for (const layer of map.getStyle().layers) {
        const visibility = !args.visible || args.visible.includes(layer.id) ? 'visible' : 'none';
        if ((map.getLayoutProperty(layer.id, 'visibility') ?? 'visible') !== visibility) map.setLayoutProperty(layer.id, 'visibility', visibility);
      }
      if (args.bounds) map.fitBounds(args.bounds, { padding: args.padding, maxZoom: args.maxZoom, animate: false });
      else map.jumpTo(args.camera!);
    }
    const drawn = map;
    const timer = setTimeout(() => reject(new Error(`the map did not finish drawing: ${errors.join('; ')}`)), 45_000);
    drawn.once('idle', () => {
      clearTimeout(timer);
      const c = drawn.getCenter();
      resolve({ zoom: drawn.getZoom(), center: [c.lng, c.lat] });
    });
    // A move to where the map already is draws no frame, and so would never be idle.
    drawn.triggerRepaint();
  });
}

/** One composite on a session of its own (a mission order's single map). */
export function renderComposite(print: PrintBrowser, request: CompositeRequest): Promise<Composite> {
  return withCompositeSession(print, request, (session) => session.draw({ bounds: request.bounds, height: request.height }));
}
