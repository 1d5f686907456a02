import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import QRCode from 'qrcode';
import { type Locale, LOCALES } from '@calepin/core';
import { sqlFile, transaction } from '../../../db';
import type { Deps } from '../../../http/context';
import { LocalFileStore } from '../../../storage/file-store';
import { printedPlant } from '../plant';
import { insetSvg } from '../../../print/inset';
import { PRINT_USER } from '../../../print/user';
import { renderComposite, warmComposite } from '../../../print/map-composite';
import { readMission } from '../read';
import { plantStyle } from './map';
import { MAP_WIDTH, type OrderData, orderFooter, orderHtml } from './template';

const orderData = sqlFile(import.meta.url, 'order-data.sql');

/**
 * What the printed map shows changes with the plant (boundary), its tables and modules
 * (geometry, status): every update bumps a row's revision, a deletion the count.
 */
const LAYOUT_STAMP = `
  select concat_ws(':', p.revision,
           (select max(revision) || '/' || count(*) from modules where plant_id = p.id),
           (select max(revision) || '/' || count(*) from tables where plant_id = p.id)) as stamp
    from plants p where p.id = $1`;

/**
 * The last maps drawn, by what they show: a mission edit (dates, team, notes) rarely
 * changes the map, and drawing it is most of an order's time (bench/RESULTS.md).
 */
const maps = new Map<string, { png: Buffer; metresPerPixel: number }>();
const MAPS_KEPT = 8;

function keep(key: string, map: { png: Buffer; metresPerPixel: number }): void {
  maps.delete(key);
  maps.set(key, map);
  for (const old of maps.keys()) {
    if (maps.size <= MAPS_KEPT) break;
    maps.delete(old);
  }
}
const MAP_HEIGHT = 500;
/** Twice the pixels shown, drawn one zoom deeper (print/map-composite.ts, `detail`). */
const MAP_QUALITY = { pixelRatio: 2, detail: 2 };

/** Who renders (print/user.ts, shared with the reports). */
export { PRINT_USER };

/** Where mission order PDFs are kept, content-addressed (storage/file-store.ts). */
export const orderStore = (filesDir: string) => new LocalFileStore(filesDir, 'mission-orders');

export const fieldUrl = (publicUrl: string, missionId: string) => `${publicUrl.replace(/\/$/, '')}/field/missions/${missionId}`;

/** PDF page count, from the page objects Chromium writes (one `/Type /Page` per page). */
const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length || null;

/** Opens the print pages of mission orders before the first one is asked for (server start). */
export async function warmOrderPrinting(deps: Deps): Promise<void> {
  await warmComposite(deps.print, MAP_QUALITY);
  await Promise.all(LOCALES.map((locale) => deps.print.pdf('<!doctype html><p></p>', { locale })));
}

/**
 * Renders the mission order in every language and keeps it as a new version (old ones
 * stay). The plant map is drawn once for both; a map that cannot be drawn (tile-server
 * down) leaves the order without it rather than without an order.
 */
export async function renderOrder(deps: Deps, missionId: string): Promise<{ version: number; renderMs: number; mapDrawn: boolean }> {
  const started = performance.now();
  const mission = await readMission(deps.db, PRINT_USER, missionId);
  const plant = await printedPlant(deps.db, mission.plantId);
  const data = (await deps.db.query<OrderData>(orderData, [missionId])).rows[0] as OrderData;
  let map: { png: Buffer; metresPerPixel: number } | null = null;
  const style = plantStyle(plant.id, plant.boundary, data.zones ?? []);
  const stamp = (await deps.db.query<{ stamp: string }>(LAYOUT_STAMP, [plant.id])).rows[0]?.stamp;
  const key = createHash('sha256').update(JSON.stringify({ stamp, style, bbox: plant.bbox, tiles: deps.config.tileServerUrl })).digest('hex');
  map = maps.get(key) ?? null;
  const mapDrawn = Boolean(plant.bbox && !map);
  if (plant.bbox && !map) {
    const token = await deps.tokens.issueService(PRINT_USER);
    try {
      const composite = await renderComposite(deps.print, {
        style,
        bounds: plant.bbox,
        width: MAP_WIDTH,
        height: MAP_HEIGHT,
        ...MAP_QUALITY,
        async fetchTile(path) {
          const reply = await fetch(`${deps.config.tileServerUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
          return { status: reply.status, body: Buffer.from(await reply.arrayBuffer()), contentType: reply.headers.get('content-type') ?? 'application/octet-stream' };
        },
      });
      map = { png: composite.png, metresPerPixel: composite.metresPerPixel };
      keep(key, map);
    } catch (error) {
      deps.log.warn({ err: error, mission: missionId }, 'mission order printed without its map');
    }
  }
  const location = plant.location?.coordinates as [number, number] | undefined;
  const url = fieldUrl(deps.config.publicUrl, missionId);
  const qrSvg = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  const store = orderStore(deps.config.filesDir);
  const renderedAt = new Date();
  const inset = location ? insetSvg(location[0], location[1]) : null;
  // Both languages at once, on two warm pages (the browser prints them side by side).
  const files: { locale: Locale; key: string; sha256: string; size: number; pages: number | null }[] = await Promise.all(
    LOCALES.map(async (locale) => {
      const html = orderHtml({
        locale, company: deps.config.company, mission, plant, data, version: data.nextVersion, renderedAt, map, insetSvg: inset, qrSvg, fieldUrl: url,
      });
      const pdf = await deps.print.pdf(html, { footerTemplate: orderFooter(locale, mission.reference), locale });
      const stored = await store.put(Readable.from(pdf));
      return { locale, key: store.key(stored.sha256), sha256: stored.sha256, size: stored.size, pages: pageCount(pdf) };
    }),
  );
  const renderMs = Math.round(performance.now() - started);
  const version = await transaction(deps.db, async (tx) => {
    // One version at a time per mission, whatever ran meanwhile.
    await tx.query('select 1 from missions where id = $1 for update', [missionId]);
    const { rows } = await tx.query<{ v: number }>('select coalesce(max(version), 0) + 1 as v from mission_documents where mission_id = $1', [missionId]);
    const v = rows[0]?.v ?? 1;
    for (const file of files) {
      await tx.query(
        `insert into mission_documents (mission_id, version, locale, mission_revision, sha256, storage_key, size_bytes, pages, render_ms)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [missionId, v, file.locale, mission.revision, file.sha256, file.key, file.size, file.pages, renderMs],
      );
    }
    return v;
  });
  return { version, renderMs, mapDrawn };
}
