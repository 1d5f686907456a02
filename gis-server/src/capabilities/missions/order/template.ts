import { type Locale, MAP_STATUSES, type MessageKey, type Mission, STATUS_COLORS, t } from '@calepin/core';
import type { PrintedPlant } from '../plant';
import { northArrowSvg, scaleBarSvg } from '../../../print/cartography';
import { AREA_COLOR } from './map';
import { safetyIn } from '../safety';

export interface OrderData {
  clientName: string;
  clientAddress: string | null;
  clientPostalCode: string | null;
  clientCity: string | null;
  clientPhone: string | null;
  clientEmail: string | null;
  contacts: { name: string; phone: string | null; email: string | null }[] | null;
  team: { userId: string; name: string; role: 'lead' | 'technician'; phone: string | null; email: string }[] | null;
  models: { model: string; powerWp: number | null; count: number }[] | null;
  zones: { code: string; name: string | null; geometry: { type: string; coordinates: unknown } }[] | null;
  checklists: string[] | null;
  plans: string[] | null;
  nextVersion: number;
}

export interface OrderView {
  locale: Locale;
  company: { name: string; details: string | null };
  mission: Mission;
  plant: PrintedPlant;
  data: OrderData;
  version: number;
  renderedAt: Date;
  /** The plant map as a PNG, or null when it could not be drawn (the order is printed without it). */
  /** Drawn MAP_WIDTH CSS pixels wide: the width of the page's text, so its scale holds on paper. */
  map: { png: Buffer; metresPerPixel: number } | null;
  insetSvg: string | null;
  qrSvg: string;
  fieldUrl: string;
}

/** The text width of an A4 page with 14 mm margins, in CSS pixels (96 per inch). */
export const MAP_WIDTH = 688;

const esc = (value: unknown) =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
const lines = (text: string | null) => (text ? esc(text).replace(/\n/g, '<br>') : '—');

function formatters(locale: Locale, timeZone: string) {
  const tag = locale === 'fr' ? 'fr-FR' : 'en-GB';
  const at = new Intl.DateTimeFormat(tag, { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  const clock = new Intl.DateTimeFormat(tag, { timeZone, hour: '2-digit', minute: '2-digit' });
  const date = new Intl.DateTimeFormat(tag, { timeZone, dateStyle: 'long' });
  const number = new Intl.NumberFormat(tag);
  return {
    at: (v: string) => at.format(new Date(v)),
    slot: (start: string, end: string) => `${at.format(new Date(start))} → ${clock.format(new Date(end))}`,
    date: (v: Date) => date.format(v),
    n: (v: number) => number.format(v),
  };
}

const STYLE = `
  @page { size: A4; }
  * { box-sizing: border-box; }
  body { font-family: 'DejaVu Sans', sans-serif; font-size: 9.5pt; color: #0f172a; margin: 0; }
  header { display: flex; justify-content: space-between; align-items: flex-start; border-bottom: 2px solid #0f172a; padding-bottom: 6px; }
  header .company { font-size: 13pt; font-weight: bold; }
  header .company small { display: block; font-size: 8pt; font-weight: normal; color: #475569; }
  header .doc { text-align: right; }
  header .doc h1 { margin: 0; font-size: 15pt; }
  header .doc .ref { font-size: 11pt; font-weight: bold; }
  header .doc small { color: #475569; }
  h2 { font-size: 10.5pt; margin: 10px 0 4px; padding: 2px 6px; background: #e2e8f0; break-after: avoid; }
  .title { font-size: 12pt; font-weight: bold; margin: 8px 0 2px; }
  .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; }
  dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 2px 8px; }
  dt { color: #475569; } dd { margin: 0; }
  table { width: 100%; border-collapse: collapse; }
  th, td { text-align: left; padding: 3px 5px; border-bottom: 1px solid #cbd5e1; vertical-align: top; }
  th { font-size: 8.5pt; color: #475569; }
  .map { position: relative; border: 1px solid #94a3b8; break-inside: avoid; }
  .map img.layout { display: block; width: 100%; }
  .map .north { position: absolute; top: 6px; right: 6px; }
  .map .scale { position: absolute; bottom: 4px; left: 6px; background: rgba(255,255,255,.85); padding: 2px 4px; }
  .map .inset { position: absolute; top: 6px; left: 6px; border: 1px solid #64748b; width: 34mm; height: 34mm; }
  .map .inset svg { width: 100%; height: 100%; display: block; }
  .legend { display: flex; flex-wrap: wrap; gap: 4px 12px; margin-top: 4px; font-size: 8pt; }
  .legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: -1px; border: 1px solid #64748b; }
  .nomap { padding: 30px; text-align: center; color: #64748b; }
  .safety { border-left: 4px solid #dc2626; padding: 4px 8px; background: #fef2f2; }
  .qr { display: flex; gap: 10px; align-items: center; break-inside: avoid; margin-top: 8px; }
  .qr svg { width: 30mm; height: 30mm; }
  .qr small { color: #475569; word-break: break-all; }
  section { break-inside: avoid; }
`;

/** The mission order as one self-contained HTML page (images inline), to print with Chromium. */
export function orderHtml(v: OrderView): string {
  const l = (key: MessageKey, params?: Record<string, string | number>) => esc(t(v.locale, key, params));
  const f = formatters(v.locale, v.plant.timezone);
  const { mission: m, plant: p, data: d } = v;
  const location = p.location?.coordinates as [number, number] | undefined;
  const moduleCount = (d.models ?? []).reduce((sum, x) => sum + x.count, 0);
  const address = [p.address, [p.postalCode, p.city].filter(Boolean).join(' '), p.country].filter(Boolean).join(', ');
  const map = v.map
    ? `<img class="layout" src="data:image/png;base64,${v.map.png.toString('base64')}" alt="">` +
      `<div class="north">${northArrowSvg()}</div><div class="scale">${scaleBarSvg(v.map.metresPerPixel)}</div>` +
      (v.insetSvg ? `<div class="inset">${v.insetSvg}</div>` : '')
    : `<div class="nomap">${l('pdf.none')}</div>`;
  const legend = [
    ...MAP_STATUSES.map((s) => `<span><i style="background:${STATUS_COLORS[s]}"></i>${l(`pdf.status.${s}` as MessageKey)}</span>`),
    ...(d.zones?.length ? [`<span><i style="background:#fff;border:2px dashed ${AREA_COLOR}"></i>${l('pdf.legend_areas')}</span>`] : []),
  ].join('');
  const team = (d.team ?? [])
    .map((member) => {
      const slots = m.interventions.filter((i) => i.technicianId === member.userId && i.status !== 'cancelled');
      return `<tr><td><b>${esc(member.name)}</b><br><small>${l(member.role === 'lead' ? 'pdf.lead' : 'pdf.technician')}</small></td>` +
        `<td>${esc(member.phone ?? '')}<br><small>${esc(member.email)}</small></td>` +
        `<td>${slots.length ? slots.map((s) => esc(f.slot(s.start, s.end))).join('<br>') : l('pdf.schedule_none')}</td></tr>`;
    })
    .join('');
  const audits = m.auditTypes
    .map((a) => `<tr><td><b>${l(`audit.${a}` as MessageKey)}</b></td><td>${l(`equip.${a}` as MessageKey)}</td></tr>`)
    .join('');
  const models = (d.models ?? []).map((x) => `${esc(x.model)}${x.powerWp ? ` (${x.powerWp} Wp)` : ''} × ${f.n(x.count)}`).join('<br>');
  const contacts = (d.contacts ?? []).map((c) => `${esc(c.name)} ${esc(c.phone ?? '')} ${esc(c.email ?? '')}`).join('<br>');

  return `<!doctype html><html lang="${v.locale}"><head><meta charset="utf-8"><title>${esc(m.reference)}</title><style>${STYLE}</style></head><body>
<header>
  <div class="company">${esc(v.company.name)}<small>${v.company.details ? lines(v.company.details) : ""}</small></div>
  <div class="doc"><h1>${l('pdf.title')}</h1><div class="ref">${esc(m.reference)}</div>
    <small>${l('pdf.version', { version: v.version, date: f.date(v.renderedAt) })} · ${esc(t(v.locale, `mstatus.${m.status}` as MessageKey))}</small></div>
</header>
<div class="title">${esc(m.title)}</div>
<div class="grid">
  <dl><dt>${l('pdf.client')}</dt><dd><b>${esc(d.clientName)}</b><br>${esc([d.clientAddress, [d.clientPostalCode, d.clientCity].filter(Boolean).join(' ')].filter(Boolean).join(', '))}${contacts ? `<br>${contacts}` : ''}</dd></dl>
  <dl><dt>${l('pdf.plant')}</dt><dd><b>${esc(p.name)}</b>${p.reference ? ` (${esc(p.reference)})` : ''}</dd>
    <dt>${l('pdf.address')}</dt><dd>${esc(address) || '—'}</dd>
    <dt>${l('pdf.coordinates')}</dt><dd>${location ? `${location[1].toFixed(5)}, ${location[0].toFixed(5)}` : '—'}</dd>
    <dt>${l('pdf.peak')}</dt><dd>${p.peakKwp ? `${f.n(p.peakKwp)} kWp` : '—'}</dd>
    <dt>${l('pdf.modules')}</dt><dd>${f.n(moduleCount)}</dd></dl>
</div>
<h2>${l('pdf.map')}</h2>
<div class="map">${map}</div>
<div class="legend">${legend}</div>
<section><h2>${l('pdf.team')}</h2>
<dl><dt>${l('pdf.planned')}</dt><dd>${m.plannedStart ? esc(f.at(m.plannedStart)) : '—'}${m.plannedEnd ? ` → ${esc(f.at(m.plannedEnd))}` : ''}</dd>
<dt>${l('pdf.estimated')}</dt><dd>${m.estimatedHours ? `${f.n(m.estimatedHours)} h` : '—'}</dd></dl>
<table><tbody>${team}</tbody></table></section>
<section><h2>${l('pdf.access')}</h2><div>${lines(m.accessNotes)}</div></section>
<section><h2>${l('pdf.safety')}</h2><div class="safety">${lines(safetyIn(v.locale, m.safetyInstructions, m.auditTypes))}</div></section>
<section><h2>${l('pdf.audits')}</h2><table><tbody>${audits}</tbody></table>
<dl style="margin-top:6px"><dt>${l('pdf.module_models')}</dt><dd>${models || '—'}</dd>
<dt>${l('pdf.checklists')}</dt><dd>${(d.checklists ?? []).map(esc).join(', ') || '—'}</dd>
<dt>${l('pdf.plans')}</dt><dd>${(d.plans ?? []).map(esc).join(', ') || '—'}</dd>
<dt>${l('pdf.layout_version')}</dt><dd>${m.layoutSeq ?? '—'}</dd></dl></section>
<div class="qr">${v.qrSvg}<div><b>${l('pdf.qr')}</b><br><small>${esc(v.fieldUrl)}</small></div></div>
</body></html>`;
}

/** Chromium's page footer: reference and page numbers. */
export function orderFooter(locale: Locale, reference: string): string {
  return `<div style="font-family:'DejaVu Sans',sans-serif;font-size:7pt;color:#64748b;width:100%;padding:0 14mm;display:flex;justify-content:space-between">` +
    `<span>${esc(reference)}</span><span>${esc(t(locale, 'pdf.page'))} <span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`;
}
