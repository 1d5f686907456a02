// The report's render job: statistics, the plant map drawn by MapLibre (its PNG written
// to a scratch folder, then read by the print page from there), the detail maps drawn as
// SVG from the layout (the plans under them by MapLibre when asked for), photos read
// from the file store as the page asks for them, the PDF into the file store (namespace
// `reports`), and the report row pointed at it — if this job is still the report's latest.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import type { Locale } from '@calepin/core';
import { sqlFile } from '../../../db';
import type { Deps } from '../../../http/context';
import { FinalJobError } from '../../../jobs/queue';
import { insetSvg } from '../../../print/inset';
import { PRINT_ORIGIN } from '../../../print/map-composite';
import { LocalFileStore } from '../../../storage/file-store';
import { auditFigures } from '../statistics/index';
import { type LayoutShape, cameraBounds, cameraMetresPerPixel, detailMapSvg, detailSlices } from './detail-maps';
import { type DrawStatusMap, type Finding as MapFinding, MAP_MAX_ZOOM, MAP_PADDING, MAP_WIDTH, type StatusView, printToken, withStatusMaps } from './maps';
import { printJoined } from '../../../print/joined';
import { INVERTER_MAP_HEIGHT, PLANT_MAP_HEIGHT, REPORT_MARGIN, printParts, reportFooter, reportPage, reportSections } from './template';
import type { PrintedMap, PrintedPhoto, ReportData, ReportView } from './view';
import { reportStore } from '../../../storage/report-store';

/** The report PDFs' store (storage/report-store.ts), named here for the workflow's callers. */
export { reportStore };

const reportDataSql = sqlFile(import.meta.url, 'report-data.sql');
const modulesSql = sqlFile(import.meta.url, 'modules.sql');
const photosSql = sqlFile(import.meta.url, 'photos.sql');
const detailLayoutSql = sqlFile(import.meta.url, 'detail-layout.sql');

export const REPORT_QUEUE = 'report-render';
/** Photos printed at most (urgent first): a report is read, not an archive of every picture. */
const MAX_PHOTOS = 120;
/** HTML per printed part (print/joined.ts): Chromium's memory follows the document it lays out. */
export const DEFAULT_PART_BYTES = 4 * 2 ** 20;

/** Where report PDFs are kept, content-addressed (storage/file-store.ts). */
const photoStore = (filesDir: string) => new LocalFileStore(filesDir, 'photos');
const photoSizes = (filesDir: string) => new LocalFileStore(filesDir, 'photo-sizes');

/** PDF page count, from the page objects Chromium writes (read in parts: a big report's PDF is longer than a string may be). */
function pageCount(pdf: Buffer): number | null {
  const part = 64 * 2 ** 20;
  let count = 0;
  // Parts overlap by less than one page object's header, so none is counted twice or cut.
  for (let start = 0; start < pdf.length; start += part) {
    const text = pdf.subarray(start, Math.min(pdf.length, start + part + 16)).toString('latin1');
    for (const match of text.matchAll(/\/Type\s*\/Page(?![s\w])/g)) if ((match.index ?? 0) < part) count += 1;
  }
  return count || null;
}

type Report = (progress: number, message: string) => Promise<void> | void;

export interface Rendered {
  sha256: string; size: number; pages: number | null; renderMs: number; current: boolean;
  /** Milliseconds per step, for the benchmark and the job's result; the maps' time summed over them. */
  steps: { statistics: number; maps: number; pdf: number; mapDraw: number; mapPng: number; tiles: number; tileFetch: number };
  /** How the PDF was printed: parts, HTML bytes, and the print's own steps (milliseconds). */
  print: { parts: number; htmlBytes: number; printMs: number; footerMs: number; joinMs: number };
}

export async function renderReport(deps: Deps, reportId: string, jobId: string | null, report: Report = () => undefined): Promise<Rendered> {
  const started = performance.now();
  const data = (await deps.db.query<ReportData & { auditId: string }>(reportDataSql, [reportId])).rows[0];
  if (!data) throw new FinalJobError(`report ${reportId} does not exist or has no audit`);
  await report(0.02, 'statistics');
  const figures = await auditFigures(deps.db, data.audit.id);
  const statisticsDone = performance.now();
  const locale = data.language as Locale;
  const scratch = await mkdtemp(join(tmpdir(), 'calepin-report-'));
  // The maps' URLs are this render's own: the print page is kept warm between reports, and
  // Chromium's memory cache gave a report the maps of the one printed before it at the same URL.
  const scratchUrl = `${PRINT_ORIGIN}/scratch/${basename(scratch)}`;
  try {
    const token = deps.config.tileServerUrl ? await printToken(deps) : null;
    const everyFinding = (await deps.db.query<MapFinding & { inverterId: string | null; zoneId: string | null }>(modulesSql, [data.audit.id])).rows;
    const groupOf = data.mapPages === 'zone' ? (f: (typeof everyFinding)[number]) => f.zoneId : (f: (typeof everyFinding)[number]) => f.inverterId;
    await report(0.08, 'maps');
    let drawn = 0;
    const mapTime = { mapDraw: 0, mapPng: 0, tiles: 0, tileFetch: 0 };
    // A raster that cannot be drawn (tile-server down) leaves its page saying so, not the report undone.
    const draw = async (statusMap: DrawStatusMap | null, view: StatusView | null): Promise<{ src: string; metresPerPixel: number } | null> => {
      if (!statusMap || !view) return null;
      try {
        const name = `map-${(drawn += 1)}.png`;
        const map = await statusMap(view);
        mapTime.mapDraw += map.timing.drawMs;
        mapTime.mapPng += map.timing.pngMs;
        mapTime.tiles += map.timing.tiles;
        mapTime.tileFetch += map.timing.tileMs;
        await writeFile(join(scratch, name), map.png);
        return { src: `${scratchUrl}/${name}`, metresPerPixel: map.metresPerPixel };
      } catch (error) {
        deps.log.warn({ err: error, report: reportId }, 'report map not drawn');
        return null;
      }
    };
    // An inverter's or zone's detail maps (one, or slices of a long one at a readable scale): its modules and the
    // tables around them as SVG, over the plans drawn by MapLibre at the same camera when the report wants them.
    const detailMaps = async (statusMap: DrawStatusMap | null, page: ReportData['detailPages'][number], findings: readonly MapFinding[]): Promise<PrintedMap[]> => {
      const maps: PrintedMap[] = [];
      for (const { camera, height } of detailSlices(page.bbox, MAP_WIDTH, INVERTER_MAP_HEIGHT, MAP_PADDING, MAP_MAX_ZOOM)) {
        const view = cameraBounds(camera, MAP_WIDTH, height);
        const layout = (await deps.db.query<LayoutShape>(detailLayoutSql, [data.audit.id, data.plant.id, page.id, ...view, data.mapPages])).rows;
        if (!layout.some((shape) => shape.kind === 'module')) continue; // a gap between the inverter's rows
        const under = data.plans.length ? await draw(statusMap, { camera, height }) : null;
        const svg = detailMapSvg(camera, MAP_WIDTH, height, layout, findings, under !== null);
        maps.push({ src: under?.src ?? null, svg, metresPerPixel: cameraMetresPerPixel(camera) });
      }
      return maps;
    };
    // The plant map and the plans of the detail maps on one MapLibre map, one after the other:
    // each moves the camera (render/maps.ts). An inverter or zone without findings gets a line, not a map.
    const drawMaps = async (statusMap: DrawStatusMap | null) => {
      const plant = await draw(statusMap, data.bbox ? { bounds: data.bbox, height: PLANT_MAP_HEIGHT } : null);
      const plantMap: PrintedMap | null = plant ? { ...plant, svg: null } : null;
      const pages: ReportView['detailMaps'] = [];
      for (const page of data.detailPages) {
        const findings = everyFinding.filter((f) => groupOf(f) === page.id);
        const maps = findings.length ? await detailMaps(statusMap, page, findings) : [];
        pages.push({ code: page.code, name: page.name, count: findings.length, maps });
        await report(0.1 + (0.65 * pages.length) / data.detailPages.length, 'maps');
      }
      return { plantMap, detailMaps: pages };
    };
    const { plantMap, detailMaps: detailPages } = token
      ? await withStatusMaps(deps, token, { ...data.plant, plans: data.plans }, everyFinding, drawMaps).catch((error: unknown) => {
        deps.log.warn({ err: error, report: reportId }, 'report maps not drawn');
        return drawMaps(null);
      })
      : await drawMaps(null);
    const photos = (await deps.db.query<PrintedPhoto & { resized: boolean }>(photosSql, [data.audit.id, MAX_PHOTOS])).rows;
    const location = data.plant.location?.coordinates;
    const sections = reportSections({
      locale, company: deps.config.company, data, statistics: figures.statistics, tables: figures.tables, changes: figures.changes,
      findings: figures.findings, photos, plantMap, detailMaps: detailPages, insetSvg: location ? insetSvg(location[0], location[1]) : null,
      renderedAt: new Date(), draft: true,
    });
    const parts = printParts(sections, deps.config.reportPartBytes ?? DEFAULT_PART_BYTES).map((body) => reportPage(locale, data.title, body));
    const htmlBytes = parts.reduce((sum, part) => sum + Buffer.byteLength(part), 0);
    const mapsDone = performance.now();
    await report(0.8, 'pdf');
    const resized = new Set(photos.filter((p) => p.resized).map((p) => p.sha256));
    const { pdf, pages: joinedPages, timing } = await printJoined(deps.print, parts, {
      locale, footerTemplate: reportFooter(locale, data.title), margin: REPORT_MARGIN, timeoutMs: 180_000,
      files: {
        origin: PRINT_ORIGIN,
        async serve(path) {
          const scratchFile = path.startsWith(`${new URL(scratchUrl).pathname}/`) ? /\/(map-\d+\.png)$/.exec(path)?.[1] : undefined;
          if (scratchFile) return { body: await readFile(join(scratch, scratchFile)), contentType: 'image/png' };
          const sha = /^\/photos\/([0-9a-f]{64})$/.exec(path)?.[1];
          if (!sha) return null;
          const store = resized.has(sha) ? photoSizes(deps.config.filesDir) : photoStore(deps.config.filesDir);
          return { body: await readFile(store.path(sha)), contentType: 'image/jpeg' };
        },
      },
    }, (done, of) => report(0.8 + (0.14 * done) / of, 'pdf'));
    const pdfDone = performance.now();
    await report(0.95, 'storing');
    const store = reportStore(deps.config.filesDir);
    const stored = await store.put(Readable.from(pdf));
    const pages = joinedPages ?? pageCount(pdf);
    const renderMs = Math.round(performance.now() - started);
    // Only the report's latest job moves its PDF into place: an edit made meanwhile queued another.
    const { rowCount } = await deps.db.query(
      `update reports set document_key = $2, sha256 = $3, size_bytes = $4, pages = $5, render_ms = $6, rendered_at = now(), updated_at = now()
        where id = $1 and status = 'draft' and ($7::uuid is null or job_id = $7)`,
      [reportId, store.key(stored.sha256), stored.sha256, stored.size, pages, renderMs, jobId]);
    const steps = {
      statistics: Math.round(statisticsDone - started), maps: Math.round(mapsDone - statisticsDone), pdf: Math.round(pdfDone - mapsDone), ...mapTime,
    };
    const print = { parts: timing.parts, htmlBytes, printMs: Math.round(timing.printMs), footerMs: Math.round(timing.footerMs), joinMs: Math.round(timing.joinMs) };
    return { sha256: stored.sha256, size: stored.size, pages, renderMs, current: Boolean(rowCount), steps, print };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The job behind POST /audits/{id}/reports and PATCH /reports/{id}/sections. */
export function reportJob(deps: Deps) {
  return async (data: Record<string, unknown>, report: Report, job: { id: string }) => {
    const result = await renderReport(deps, String(data.reportId), job.id, report);
    return { reportId: data.reportId, ...result };
  };
}
