import { z } from 'zod';
import { type Locale, type MessageKey, type MessageParams, ROLES, Uuid, t } from '@calepin/core';
import { type Queryable, sqlFile } from '../../db';
import { notFound } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';

const diagramSql = sqlFile(import.meta.url, 'sql/single-line.sql');

interface Row {
  input_id: string | null; input_index: number | null; max_strings: number | null; max_v: number | null; max_a: number | null;
  string_id: string | null; string_code: string | null; box_id: string | null; box_code: string | null;
  modules: number; model: string | null; voc: number | null; isc: number | null; wp: number | null;
}
interface Inverter { code: string; manufacturer: string | null; model: string | null; kw: number | null; plant: string }

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (n: number | null, digits = 1) => (n === null ? '?' : Number(n.toFixed(digits)).toString());

// Geometry of the drawing, in px.
const ROW = 46;
const TOP = 96;
const X_STRING = 24;
const X_BOX = 350;
const BOX_W = 170;
const X_MPPT = 560;
const X_INV = 800;
const WIDTH = 1120;

/**
 * The single-line diagram of one inverter: strings (PV generator symbol, module count,
 * model, Voc and Isc) → junction boxes → MPPT inputs (their limits) → the inverter
 * (DC/AC symbol, rating) → AC output. Labels in the requested language.
 */
export function singleLineSvg(inverter: Inverter, rows: Row[], lang: Locale): string {
  const tr = (key: MessageKey, params: MessageParams = {}) => esc(t(lang, key, params));
  const strings = rows.filter((r) => r.string_id);
  const slots = Math.max(rows.length, 1);
  const height = TOP + slots * ROW + 90;
  const out: string[] = [];
  const text = (x: number, y: number, s: string, size = 13, extra = '') =>
    out.push(`<text x="${x}" y="${y}" font-size="${size}" ${extra}>${s}</text>`);
  const line = (x1: number, y1: number, x2: number, y2: number, extra = '') =>
    out.push(`<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" ${extra}/>`);
  const rect = (x: number, y: number, w: number, h: number, extra = '') =>
    out.push(`<rect x="${x}" y="${y}" width="${w}" height="${h}" ${extra}/>`);

  const modules = strings.reduce((n, r) => n + r.modules, 0);
  const kwp = strings.reduce((n, r) => n + (r.wp ?? 0), 0) / 1000;
  text(X_STRING, 34, tr('sld.title', { inverter: inverter.code }), 20, 'font-weight="bold"');
  text(X_STRING, 58, tr('sld.subtitle', { plant: inverter.plant, strings: strings.length, modules, kwp: fmt(kwp, 2) }), 13, 'fill="#444"');

  const invTop = TOP - 10;
  const invBottom = TOP + slots * ROW - 6;
  const invMid = (invTop + invBottom) / 2;
  // Rows grouped by MPPT input, then by junction box.
  const groups = new Map<string, Row[]>();
  rows.forEach((r) => {
    const key = r.input_id ?? 'none';
    groups.set(key, [...(groups.get(key) ?? []), r]);
  });
  let slot = 0;
  for (const members of groups.values()) {
    const first = members[0] as Row;
    const y0 = TOP + slot * ROW;
    const y1 = y0 + members.length * ROW - 10;
    const mid = (y0 + y1) / 2;
    // MPPT input box.
    rect(X_MPPT, y0, 170, y1 - y0, 'fill="#eef4ff" stroke="#1e3a8a" stroke-width="1.5" rx="4"');
    text(X_MPPT + 10, mid - 4, first.input_id ? tr('sld.mppt', { index: first.input_index ?? '?' }) : '—', 14, 'font-weight="bold"');
    if (first.input_id && (first.max_v !== null || first.max_a !== null || first.max_strings !== null)) {
      text(X_MPPT + 10, mid + 14, tr('sld.mppt_limits', { voltage: fmt(first.max_v, 0), current: fmt(first.max_a), strings: first.max_strings ?? '?' }), 10, 'fill="#333"');
    }
    line(X_MPPT + 170, mid, X_INV, mid, 'stroke="#1e3a8a" stroke-width="2"');
    // Junction boxes of this input.
    const boxes = new Map<string, number[]>();
    members.forEach((r, i) => {
      if (r.box_id) boxes.set(r.box_id, [...(boxes.get(r.box_id) ?? []), slot + i]);
    });
    for (const [boxId, slots_] of boxes) {
      const r = members.find((m) => m.box_id === boxId) as Row;
      const by0 = TOP + Math.min(...slots_) * ROW;
      const by1 = TOP + Math.max(...slots_) * ROW + ROW - 10;
      rect(X_BOX, by0, BOX_W, by1 - by0, 'fill="#fff7ed" stroke="#9a3412" stroke-width="1.5" rx="4"');
      text(X_BOX + 10, (by0 + by1) / 2 - 4, tr('sld.junction_box'), 11, 'fill="#333"');
      text(X_BOX + 10, (by0 + by1) / 2 + 13, esc(r.box_code ?? ''), 14, 'font-weight="bold"');
      line(X_BOX + BOX_W, (by0 + by1) / 2, X_MPPT, (by0 + by1) / 2, 'stroke="#9a3412" stroke-width="2"');
    }
    members.forEach((r, i) => {
      const y = TOP + (slot + i) * ROW + (ROW - 10) / 2;
      if (!r.string_id) {
        text(X_STRING + 44, y + 4, tr('sld.no_strings'), 12, 'fill="#888" font-style="italic"');
        return;
      }
      // PV generator: a square with a diagonal and its two poles.
      rect(X_STRING, y - 14, 28, 28, 'fill="#fff" stroke="#111" stroke-width="1.5"');
      line(X_STRING, y + 14, X_STRING + 28, y - 14, 'stroke="#111"');
      text(X_STRING + 2, y - 3, '+', 9);
      text(X_STRING + 19, y + 12, '−', 9);
      text(X_STRING + 40, y - 2, tr('sld.string', { code: r.string_code ?? '', modules: r.modules, model: r.model ?? '?' }), 12, 'font-weight="bold"');
      text(X_STRING + 40, y + 14, tr('sld.string_values', { voc: fmt(r.voc === null ? null : r.voc * r.modules), isc: fmt(r.isc, 2) }), 10, 'fill="#333"');
      // Rows lie within their box, input and inverter: every wire is horizontal.
      line(X_STRING + 300, y, r.box_id ? X_BOX : X_MPPT, y, 'stroke="#111" stroke-width="1.5"');
    });
    slot += members.length;
  }
  // The inverter: a box with the DC/AC symbol.
  rect(X_INV, invTop, 150, invBottom - invTop, 'fill="#f0fdf4" stroke="#14532d" stroke-width="2" rx="6"');
  const sx = X_INV + 55;
  const sy = invMid - 58;
  rect(sx, sy, 40, 40, 'fill="#fff" stroke="#14532d" stroke-width="1.5"');
  line(sx, sy + 40, sx + 40, sy, 'stroke="#14532d"');
  text(sx + 4, sy + 15, '=', 13);
  text(sx + 24, sy + 35, '~', 14);
  text(X_INV + 75, invMid + 6, esc(inverter.code), 15, 'font-weight="bold" text-anchor="middle"');
  const cut = (s: string) => esc(s.length > 26 ? `${s.slice(0, 25)}…` : s);
  if (inverter.manufacturer) text(X_INV + 75, invMid + 24, cut(inverter.manufacturer), 10, 'text-anchor="middle" fill="#333"');
  if (inverter.model) text(X_INV + 75, invMid + 38, cut(inverter.model), 10, 'text-anchor="middle" fill="#333"');
  if (inverter.kw !== null) text(X_INV + 75, invMid + 52, tr('sld.inverter_rating', { kw: fmt(inverter.kw) }), 10, 'text-anchor="middle" fill="#333"');
  // AC output.
  line(X_INV + 150, invMid, WIDTH - 40, invMid, 'stroke="#14532d" stroke-width="3" marker-end="url(#arrow)"');
  text(X_INV + 160, invMid - 8, tr('sld.ac_output'), 11, 'fill="#14532d"');
  text(X_STRING, height - 30, tr('sld.legend'), 11, 'fill="#555"');
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="DejaVu Sans, Arial, sans-serif">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#14532d"/></marker></defs>
<rect width="100%" height="100%" fill="#fff"/>
${out.join('\n')}
</svg>
`;
}

async function loadInverter(db: Queryable, plantId: string, inverterId: string): Promise<Inverter> {
  const { rows } = await db.query<Inverter>(
    `select v.code, v.manufacturer, v.model, v.rated_power_kw::float8 as kw, p.name as plant
       from inverters v join plants p on p.id = v.plant_id where v.id = $1 and v.plant_id = $2 and v.deleted_at is null`,
    [inverterId, plantId],
  );
  if (!rows[0]) throw notFound();
  return rows[0];
}

export const singleLineRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/plants/{plantId}/inverters/{inverterId}/single-line.svg',
    tag: 'wiring',
    summary: 'Single-line diagram of an inverter (SVG), generated from the electrical model',
    description: 'Strings → junction boxes → MPPT inputs → inverter → AC output. `lang` (fr, en) defaults to the caller\'s language.',
    roles: ROLES,
    plant: 'plantId',
    params: z.object({ plantId: Uuid, inverterId: Uuid }),
    query: z.object({ lang: z.enum(['fr', 'en']).optional() }),
    produces: 'image/svg+xml',
    async handler({ params, query, plant, ctx, deps }) {
      const inverter = await loadInverter(deps.db, plant.id, params.inverterId);
      const { rows } = await deps.db.query<Row>(diagramSql, [params.inverterId, plant.id]);
      ctx.type = 'image/svg+xml';
      ctx.body = singleLineSvg(inverter, rows, query.lang ?? ctx.state.locale);
    },
  }),
];
