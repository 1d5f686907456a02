// The audit report as one HTML document for Chromium to print (print/browser.ts): cover,
// executive summary, the status maps, then the sections of sections.ts. Images are inline
// (the maps) or asked from PRINT_ORIGIN (photos: read from the file store one at a time).
import { type Locale, MAP_STATUSES, type MessageKey, STATUS_COLORS, t } from '@calepin/core';
import { northArrowSvg, scaleBarSvg } from '../../../print/cartography';
import { appendix, checklists, comparison, conditions, losses, nonConforming, photos, recommendations, statistics, unknownPower } from './sections';
import { type PrintedMap, type ReportView, type Words, esc, words } from './view';

export const PLANT_MAP_HEIGHT = 820;
export const INVERTER_MAP_HEIGHT = 860;

const STYLE = `
  @page { size: A4; }
  * { box-sizing: border-box; }
  body { font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; color: #0f172a; margin: 0; }
  h1 { font-size: 20pt; margin: 0 0 4mm; }
  h2 { font-size: 12pt; margin: 0 0 3mm; padding: 2px 0; border-bottom: 2px solid #0f172a; break-after: avoid; }
  h3 { font-size: 10pt; margin: 4mm 0 2mm; break-after: avoid; }
  .page { break-before: page; }
  .cover { height: 250mm; display: flex; flex-direction: column; }
  .cover .company { font-size: 12pt; font-weight: bold; }
  .cover .company small { display: block; font-weight: normal; color: #475569; font-size: 8pt; white-space: pre-line; }
  .cover .band { margin: 30mm 0 10mm; padding: 8mm; background: #0f172a; color: #fff; }
  .cover .band h1 { color: #fff; } .cover .band .sub { font-size: 12pt; }
  .cover .draft { color: #dc2626; font-weight: bold; font-size: 14pt; }
  .cover .inset { margin-top: auto; display: flex; gap: 8mm; align-items: flex-end; }
  .cover .inset svg { width: 45mm; height: 45mm; border: 1px solid #64748b; }
  dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; }
  dt { color: #475569; } dd { margin: 0; }
  table { width: 100%; border-collapse: collapse; margin-bottom: 3mm; }
  th, td { text-align: left; padding: 2px 4px; border-bottom: 1px solid #e2e8f0; vertical-align: top; }
  th { font-size: 8pt; color: #475569; border-bottom: 1px solid #94a3b8; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  thead { display: table-header-group; } tr { break-inside: avoid; }
  .kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 3mm; margin-bottom: 4mm; }
  .kpi { border: 1px solid #cbd5e1; border-radius: 2mm; padding: 3mm; text-align: center; }
  .kpi b { display: block; font-size: 15pt; } .kpi span { color: #475569; font-size: 8pt; }
  .statuses { display: grid; grid-template-columns: repeat(6, 1fr); gap: 2mm; margin-bottom: 4mm; }
  .statuses div { border-left: 5mm solid; padding: 1mm 2mm; } .statuses b { display: block; font-size: 12pt; }
  .sw { display: inline-block; width: 9px; height: 9px; border: 1px solid #64748b; vertical-align: -1px; margin-right: 3px; }
  .legend { display: flex; flex-wrap: wrap; gap: 2px 10px; margin: 2mm 0; font-size: 8pt; }
  .map { position: relative; border: 1px solid #94a3b8; break-inside: avoid; }
  .map + .map { margin-top: 3mm; }
  .map img { display: block; width: 100%; }
  .map .north, .svgmap .north { position: absolute; top: 6px; right: 6px; }
  .map .scale, .svgmap .scale { position: absolute; bottom: 4px; left: 6px; background: rgba(255,255,255,.85); padding: 2px 4px; }
  .map .inset { position: absolute; top: 6px; left: 6px; border: 1px solid #64748b; width: 30mm; height: 30mm; background: #fff; }
  .map .inset svg { width: 100%; height: 100%; display: block; }
  .map svg.detail { display: block; }
  .map img + svg.detail { position: absolute; left: 0; top: 0; }
  .svgmap { position: relative; border: 1px solid #94a3b8; break-inside: avoid; }
  .svgmap svg { display: block; width: 100%; height: auto; }
  .nomap { padding: 20mm; text-align: center; color: #64748b; border: 1px dashed #94a3b8; }
  .cols { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 5mm; }
  .note { color: #475569; font-size: 8pt; }
  /* minmax(0, …): a grid column otherwise grows to its photo's natural width, and Chromium then shrinks every page to fit. */
  .photo { display: grid; grid-template-columns: minmax(0, 1fr) 30mm; gap: 3mm; break-inside: avoid; margin-bottom: 4mm; }
  .photo img { max-width: 100%; max-height: 85mm; display: block; }
  .photo svg { width: 30mm; height: 30mm; }
  .nc { color: #b91c1c; font-weight: bold; }
  .signature-page { position: relative; height: 267.5mm; break-inside: avoid; }
  .signature { position: absolute; right: 1mm; bottom: -1mm; width: 60mm; }
  .signature p { position: absolute; right: 0; bottom: 26mm; margin: 0; font-size: 7.5pt; color: #334155; white-space: nowrap; }
  .signature .box { width: 60mm; height: 25mm; border: 0.3mm solid #334155; }
`;

const legend = (w: Words) =>
  `<div class="legend">${MAP_STATUSES.map((s) => `<span><i class="sw" style="background:${STATUS_COLORS[s]}"></i>${s === 'pending' ? w.l('rp.legend_pending') : w.l(`pdf.status.${s}` as MessageKey)}</span>`).join('')}</div>`;

function mapBlock(map: PrintedMap | null, w: Words, inset: string | null): string {
  if (!map) return `<div class="nomap">${w.l('rp.map_none')}</div>`;
  return `<div class="map">${map.src ? `<img src="${map.src}" alt="">` : ''}${map.svg ?? ''}` +
    `<div class="north">${northArrowSvg()}</div><div class="scale">${scaleBarSvg(map.metresPerPixel)}</div>` +
    (inset ? `<div class="inset">${inset}</div>` : '') + '</div>';
}

function cover(v: ReportView, w: Words): string {
  const { data: d } = v;
  const address = [d.plant.address, [d.plant.postalCode, d.plant.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const dates = [d.audit.startedAt, d.audit.finishedAt].filter(Boolean).map((x) => w.date(x as string));
  return `<section class="cover">
  <div class="company">${esc(v.company.name)}<small>${esc(v.company.details ?? '')}</small></div>
  <div class="band"><h1>${w.l('rp.title')}</h1><div class="sub">${esc(d.title)}</div></div>
  ${v.draft ? `<p class="draft">${w.l('rp.draft')}</p>` : ''}
  <dl>
    <dt>${w.l('rp.client')}</dt><dd><b>${esc(d.client.name)}</b>${d.client.city ? `, ${esc(d.client.city)}` : ''}</dd>
    <dt>${w.l('rp.plant')}</dt><dd><b>${esc(d.plant.name)}</b>${d.plant.reference ? ` (${esc(d.plant.reference)})` : ''}<br>${esc(address)}</dd>
    <dt>${w.l('rp.peak')}</dt><dd>${d.plant.peakKwp ? `${w.n1(d.plant.peakKwp)} kWp` : '—'}</dd>
    <dt>${w.l('rp.commissioned')}</dt><dd>${d.plant.commissioningDate ? w.date(d.plant.commissioningDate) : '—'}</dd>
    <dt>${w.l('rp.audit')}</dt><dd>${w.l(`audit.${d.audit.auditType}` as MessageKey)}</dd>
    <dt>${w.l('rp.dates')}</dt><dd>${dates.length ? [...new Set(dates)].join(' → ') : '—'}</dd>
    <dt>${w.l('rp.diagnostician')}</dt><dd>${esc(d.audit.performedBy ?? '—')}</dd>
    <dt>${w.l('rp.validated_by')}</dt><dd>${esc(d.audit.validatedBy ?? '—')}</dd>
    <dt>${w.l('rp.mission')}</dt><dd>${esc(d.audit.missionReference ?? '—')}</dd>
  </dl>
  <div class="inset">${v.insetSvg ?? ''}<div class="note">${w.l('rp.issued', { date: w.date(v.renderedAt) })}</div></div>
</section>`;
}

/** The generated summary paragraph, unless the diagnostician wrote their own. */
export function summaryText(v: ReportView, w: Words): string {
  const own = v.data.sections.summary?.[v.locale];
  if (own?.trim()) return own;
  const s = v.statistics;
  const m = s.clustering.moran;
  const cluster = !m ? w.raw('rp.cluster_none')
    : w.raw(m.p < 0.05 && m.z > 0 ? 'rp.cluster_yes' : 'rp.cluster_no', { i: w.n3(m.i), p: w.n3(m.p) });
  return w.raw(unknownPower(v) && !s.losses.lostKwp ? 'rp.auto_summary_unknown' : 'rp.auto_summary', {
    audited: w.n(s.modules.audited), defective: w.n(s.modules.defective),
    rate: w.pct(s.modules.audited ? s.modules.defective / s.modules.audited : 0), kwh: w.n(s.losses.lostKwhPerYear),
    eur: s.losses.lostEurPerYear == null ? '' : w.raw('rp.auto_eur', { eur: w.eur(s.losses.lostEurPerYear) }), cluster,
  });
}

function summary(v: ReportView, w: Words): string {
  const s = v.statistics;
  const status = (['ok', 'inequality', 'microcracks', 'dead', 'string_open', 'not_connected'] as const)
    .map((k) => `<div style="border-color:${STATUS_COLORS[k]}"><b>${w.n(s.modules.byStatus[k])}</b>${w.l(`pdf.status.${k}` as MessageKey)}</div>`).join('');
  const top = s.losses.byAction.filter((a) => a.action !== 'monitor').slice(0, 3);
  return `<section class="page"><h2>${w.l('rp.summary')}</h2>
  <div class="kpis">
    <div class="kpi"><b>${w.n(s.modules.audited)}</b><span>${w.l('rp.audited')}</span></div>
    <div class="kpi"><b>${w.n(s.modules.defective)}</b><span>${w.l('rp.defective')} (${w.pct(s.modules.audited ? s.modules.defective / s.modules.audited : 0)})</span></div>
    ${unknownPower(v) && !s.losses.lostKwp
      ? `<div class="kpi"><b>—</b><span>${w.l('rp.power_unknown_short')}</span></div>`
      : `<div class="kpi"><b>${w.n2(s.losses.lostKwp)} kWp</b><span>${w.l('rp.loss_kwp')} · ${w.n(s.losses.lostKwhPerYear)} ${w.l('rp.col.kwh')}</span></div>`}
    <div class="kpi"><b>${s.losses.lostEurPerYear == null ? '—' : w.eur(s.losses.lostEurPerYear)}</b><span>${s.losses.lostEurPerYear == null ? w.l('rp.no_tariff') : w.l('rp.loss_eur')}</span></div>
  </div>
  <div class="statuses">${status}</div>
  <p>${esc(summaryText(v, w)).replace(/\n/g, '<br>')}</p>
  <h3>${w.l('rp.severity')}</h3>
  <p>${(['urgent', 'warning', 'info'] as const).map((k) => `<b>${w.n(s.defects.bySeverity[k])}</b> ${w.l(`rp.sev.${k}` as MessageKey)}`).join(' · ')}</p>
  <h3>${w.l('rp.top_actions')}</h3>
  ${top.length ? `<ol>${top.map((a) => `<li><b>${w.l(`ra.${a.action}` as MessageKey)}</b> — ${w.n(a.modules)} modules${a.lostKwp || !unknownPower(v) ? `, ${w.n2(a.lostKwp)} kWp` : ''}${a.eurPerYear == null ? '' : `, <b>${w.eur(a.eurPerYear)}</b> ${w.l('rp.col.eur').replace('€', '')}`}</li>`).join('')}</ol>` : `<p>${w.l('rp.no_action')}</p>`}
</section>`;
}

function maps(v: ReportView, w: Words): string[] {
  const plant = `<section class="page"><h2>${w.l('rp.map_plant')}</h2>${mapBlock(v.plantMap, w, v.insetSvg)}${legend(w)}</section>`;
  const zone = v.data.mapPages === 'zone';
  const title = (m: ReportView['detailMaps'][number]) => zone
    ? w.l('rp.map_zone', { code: m.name && m.name !== m.code ? `${m.code} · ${m.name}` : m.code })
    : w.l('rp.map_inverter', { code: m.code });
  const pages = v.detailMaps.map((m) => `<section class="page"><h2>${title(m)} — ${w.n(m.count)}</h2>` +
    (m.count ? (m.maps.length ? m.maps.map((map) => mapBlock(map, w, null)).join('') : mapBlock(null, w, null)) + legend(w)
      : `<p>${w.l(zone ? 'rp.map_zone_none' : 'rp.map_inverter_none')}</p>`) + '</section>');
  return [plant, ...pages];
}

function signature(locale: Locale): string {
  // Reserved for the drawn signature (deliver's workflow stamps it with pdf-lib): 60 × 25 mm,
  // its bottom-right corner 15 mm from the page's right and bottom edges. The page's
  // margins are 14 mm (right) and 15 mm (bottom, REPORT_MARGIN): 1 mm in from the right, on
  // the bottom of the 268 mm text height (a page of 267.5 mm, the box 1 mm below it, measured: a
  // block of the full 268 mm was pushed onto one more page by rounding).
  return `<section class="page signature-page" lang="${locale}"><div class="signature"><p>${esc(t(locale, 'rp.signature'))}</p><div class="box"></div></div></section>`;
}

/** A piece of the report's HTML, and what it costs to print (its bytes, or more: printParts). */
export type ReportSection = string | { html: string; weight: number };
const htmlOf = (s: ReportSection) => (typeof s === 'string' ? s : s.html);
const weightOf = (s: ReportSection) => (typeof s === 'string' ? Buffer.byteLength(s) : s.weight);

/** The report's sections in order, each an HTML fragment (one per detail map page, the long list in pieces). */
export function reportSections(v: ReportView): ReportSection[] {
  const w = words(v.locale, v.data.plant.timezone);
  return [
    cover(v, w), summary(v, w), ...maps(v, w), statistics(v, w), comparison(v, w), losses(v, w), ...nonConforming(v, w),
    photos(v, w), checklists(v, w), conditions(v, w), recommendations(v, w), appendix(v, w), signature(v.locale),
  ];
}

/** A document around `body` (sections), with the report's style. */
export function reportPage(locale: Locale, title: string, body: string): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

/**
 * The sections grouped into the bodies of documents printed one after the other (their PDFs
 * joined: print/joined.ts), each weighing at most `maxWeight` — Chromium's memory grows with
 * the document it lays out: a section weighs its bytes of HTML, a table's more — unless one
 * section alone weighs more. A body is cut only before a section that opens a page, so the
 * pages are those of the whole document printed at once.
 */
export function printParts(sections: readonly ReportSection[], maxWeight: number): string[] {
  const parts: string[][] = [[]];
  let weight = 0;
  for (const section of sections) {
    const html = htmlOf(section);
    const w = weightOf(section);
    const current = parts.at(-1) as string[];
    if (current.length && weight + w > maxWeight && /^<section class="page[ "]/.test(html)) {
      parts.push([html]);
      weight = w;
    } else {
      current.push(html);
      weight += w;
    }
  }
  return parts.map((p) => p.join('\n'));
}

/** The margins of a report's pages (print/browser.ts `pdf`): the signature box is placed from them. */
export const REPORT_MARGIN = { top: '14mm', bottom: '15mm', left: '14mm', right: '14mm' };

/** Chromium's page footer: the report's title and page numbers. */
export function reportFooter(locale: Locale, title: string): string {
  return `<div style="font-family:'DejaVu Sans',sans-serif;font-size:7pt;color:#64748b;width:100%;padding:0 14mm;display:flex;justify-content:space-between">` +
    `<span>${esc(title)}</span><span>${esc(t(locale, 'rp.page'))} <span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`;
}
