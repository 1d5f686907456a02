// Helpers of the live-changes browser tests (test/live*.test.ts).
import type { Page } from 'playwright-core';
import { STATUS_HEX, canvasPixels, mapIdle } from './support';

export { apiToken } from './support';

export type Lonlat = [number, number];
export interface Target { id: string; code: string; centre: Lonlat }

const hex = (color: string) => [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
const OK = hex(STATUS_HEX.ok);

/** The colour the map shows at a place, as the screen has it. */
export async function colourAt(page: Page, lonlat: Lonlat): Promise<number[]> {
  const { point, zoom } = await page.evaluate((p) => {
    const map = (window as unknown as { __calepinMap: { project(p: Lonlat): { x: number; y: number }; getZoom(): number } }).__calepinMap;
    return { point: map.project(p), zoom: map.getZoom() };
  }, lonlat);
  // A colour read elsewhere than where openAt left the map would be a wrong answer, not a failure of the map's colours.
  if (Math.abs(zoom - 21) > 0.01) console.log(`colourAt: the map is at zoom ${zoom.toFixed(2)}, not 21 where openAt left it`);
  const { width, data } = await canvasPixels(page, '[data-testid=map] canvas');
  const i = (Math.round(point.y) * width + Math.round(point.x)) * 4;
  return [data[i]!, data[i + 1]!, data[i + 2]!];
}

/** Whether a colour is the `ok` status green (a colour that is not is printed, for the log). */
export function isOk(c: number[]): boolean {
  const ok = c.every((v, i) => Math.abs(v - OK[i]!) <= 14);
  if (!ok) console.log(`colour rgb(${c.join(', ')}) is not the ok green rgb(${OK.join(', ')})`);
  return ok;
}

/**
 * Opens a plant map at z21 centred on a module, and waits until it rests there with its
 * tiles drawn and its live stream open. The camera moves as soon as the map has its
 * layers: the tiles of the whole plant, which nobody looks at, are not waited for.
 */
export async function openAt(page: Page, plantId: string, target: Target): Promise<void> {
  await page.goto(`/plants/${plantId}/map`);
  await page.waitForSelector('[data-testid=map][data-ready=true]');
  // The live stream first: once it is open the page has nothing more to set up by itself
  // (under load it opened after the camera was placed, and the map was not where the test looked).
  await page.waitForSelector('[data-testid=map][data-live=true]');
  // The camera must still be there once the map rests: anything that moves it by itself
  // after the page is ready (a late fit, a resize) is said, and the jump made again.
  for (let attempt = 1; ; attempt++) {
    await page.evaluate((centre) => {
      (window as unknown as { __calepinMap: { jumpTo(o: object): void } }).__calepinMap.jumpTo({ center: centre, zoom: 21 });
    }, target.centre);
    await mapIdle(page);
    const moved = await page.evaluate((centre) => {
      const map = (window as unknown as { __calepinMap: { getZoom(): number; project(p: Lonlat): { x: number; y: number }; getCanvas(): HTMLCanvasElement } }).__calepinMap;
      const p = map.project(centre);
      const canvas = map.getCanvas();
      const off = Math.hypot(p.x - canvas.clientWidth / 2, p.y - canvas.clientHeight / 2);
      return off > 2 || Math.abs(map.getZoom() - 21) > 0.01 ? `zoom ${map.getZoom().toFixed(2)}, ${off.toFixed(0)} px off centre` : null;
    }, target.centre);
    if (!moved) break;
    console.warn(`openAt: the camera moved by itself after the map was ready (${moved}); attempt ${attempt}`);
    if (attempt === 3) throw new Error(`the plant map keeps moving its camera by itself (${moved})`);
  }
}

export async function apiPost(base: string, token: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${base}/api/v1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/**
 * Makes the page note when its EventSources receive `change` and `ready` events
 * (window.__liveLog, window.__liveReady), before any of its scripts run.
 */
export async function recordLiveEvents(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __liveLog: number[]; __liveReady: number[] };
    w.__liveLog = [];
    w.__liveReady = [];
    const original = EventSource.prototype.addEventListener;
    EventSource.prototype.addEventListener = function (this: EventSource, type: string, listener: EventListener, options?: boolean | AddEventListenerOptions) {
      const log = type === 'change' ? w.__liveLog : type === 'ready' ? w.__liveReady : null;
      if (!log) return original.call(this, type, listener, options);
      return original.call(this, type, (e: Event) => {
        log.push(Date.now());
        listener(e);
      }, options);
    } as typeof original;
  });
}
