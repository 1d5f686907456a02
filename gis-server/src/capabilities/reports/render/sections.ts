// The report's sections after its maps: statistics, comparison, losses, the list of
// non-conforming modules, photos, checklists, conditions, recommendations and the methods.
import {
  type ChecklistSection, DEFECT_LOSS, HOT_SPOT_LOSS, type Locale, MODULE_STATUSES, type MessageKey, STATUS_COLORS,
  isNonConformity, lossShare,
} from '@calepin/core';
import { PRINT_ORIGIN } from '../../../print/map-composite';
import { CHANGE_COLORS, HOT_COLORS, RATE_CLASSES, locatorSvg, rateColor, shapesSvg } from './svg-maps';
import { MAP_WIDTH } from './maps';
import { type ReportView, type Words, esc } from './view';

const TOP_RATES = 12;
const TOP_REPAIRS = 30;

function rateTable(rows: { code: string; audited: number; defective: number; rate: number }[], w: Words): string {
  return `<table><thead><tr><th>${w.l('rp.col.code')}</th><th class="num">${w.l('rp.col.audited')}</th><th class="num">${w.l('rp.col.defective')}</th><th class="num">${w.l('rp.col.rate')}</th></tr></thead><tbody>` +
    rows.map((r) => `<tr><td>${esc(r.code)}</td><td class="num">${w.n(r.audited)}</td><td class="num">${w.n(r.defective)}</td><td class="num">${w.pct(r.rate)}</td></tr>`).join('') +
    '</tbody></table>';
}

export function statistics(v: ReportView, w: Words): string {
  const s = v.statistics;
  const context = v.tables.map((t) => t.geometry);
  const choropleth = shapesSvg(v.tables.map((t) => ({ geometry: t.geometry, fill: rateColor(t.rate) })), [], MAP_WIDTH, 420);
  const byId = new Map(s.clustering.tables.map((t) => [t.id, t]));
  const hot = shapesSvg(v.tables.map((t) => ({ geometry: t.geometry, fill: HOT_COLORS[byId.get(t.id)?.kind ?? 'none'] })), context, MAP_WIDTH, 420);
  const rateLegend = RATE_CLASSES.map((c, i) => {
    const from = i === 0 ? null : RATE_CLASSES[i - 1]?.max ?? 0;
    const label = i === 0 ? '0 %' : Number.isFinite(c.max) ? `${w.pct(from ?? 0)} – ${w.pct(c.max)}` : `> ${w.pct(from ?? 0)}`;
    return `<span><i class="sw" style="background:${c.color}"></i>${label}</span>`;
  }).join('');
  const hotLegend = (['hot99', 'hot95', 'none', 'cold95', 'cold99'] as const)
    .map((k) => `<span><i class="sw" style="background:${HOT_COLORS[k]}"></i>${w.l(k === 'none' ? 'rp.not_significant' : `rp.${k}` as MessageKey)}</span>`).join('');
  const m = s.clustering.moran;
  const rows = s.rows.map((r) => `<tr><td>${w.l(`rp.place.${r.place}` as MessageKey)}</td><td class="num">${w.n(r.audited)}</td><td class="num">${w.n(r.defective)}</td><td class="num">${w.pct(r.rate)}</td><td class="num">${r.place === 'inner' ? '—' : w.n2(r.z)}</td></tr>`).join('');
  return `<section class="page"><h2>${w.l('rp.statistics')}</h2>
  <h3>${w.l('rp.choropleth')}</h3>${choropleth}<div class="legend">${rateLegend}</div>
  <h3>${w.l('rp.hotspots')}</h3>${hot}<div class="legend">${hotLegend}</div>
  <p>${m ? w.l('rp.moran', { i: w.n3(m.i), e: w.n3(m.expected), z: w.n2(m.z), p: w.n3(m.p) }) : w.l('rp.cluster_none')}</p>
</section>
<section class="page"><h2>${w.l('rp.rates')}</h2>
  <div class="cols"><div><h3>${w.l('rp.rates_by.inverter')}</h3>${rateTable(s.rates.inverter, w)}</div>
  <div><h3>${w.l('rp.rates_by.zone')}</h3>${rateTable(s.rates.zone, w)}</div></div>
  <div class="cols"><div><h3>${w.l('rp.rates_by.string')}</h3>${rateTable(s.rates.string.slice(0, TOP_RATES), w)}</div>
  <div><h3>${w.l('rp.rates_by.table')}</h3>${rateTable(s.rates.table.slice(0, TOP_RATES), w)}</div></div>
  <h3>${w.l('rp.rows')}</h3>
  <table><thead><tr><th>${w.l('rp.col.place')}</th><th class="num">${w.l('rp.col.audited')}</th><th class="num">${w.l('rp.col.defective')}</th><th class="num">${w.l('rp.col.rate')}</th><th class="num">${w.l('rp.col.z')}</th></tr></thead><tbody>${rows}</tbody></table>
  <p class="note">${w.l('rp.rows_note')}</p>
</section>`;
}

export function comparison(v: ReportView, w: Words): string {
  const c = v.statistics.comparison;
  if (!c) return `<section><h3>${w.l('rp.comparison')}</h3><p>${w.l('rp.comparison_none')}</p></section>`;
  const kinds = ['new', 'worsened', 'persisting', 'improved', 'repaired'] as const;
  const map = shapesSvg(v.changes.map((x) => ({ geometry: x.geometry, fill: CHANGE_COLORS[x.change] })), v.tables.map((t) => t.geometry), MAP_WIDTH, 480);
  return `<section class="page"><h2>${w.l('rp.comparison')}</h2>
  <p>${w.l('rp.comparison_with', { type: w.raw(`audit.${c.previousAuditType}` as MessageKey), date: w.date(c.previousAt) })}</p>
  <div class="legend">${kinds.map((k) => `<span><i class="sw" style="background:${CHANGE_COLORS[k]}"></i>${w.l(`rp.change.${k}` as MessageKey)} <b>${w.n(c.counts[k])}</b></span>`).join('')}</div>
  ${map}
</section>`;
}

/** Non-conforming modules whose rated power is unknown (no model): their loss counts as nothing. */
export const unknownPower = (v: ReportView) => v.findings.filter((f) => f.status !== 'ok' && !f.powerWp).length;

export function losses(v: ReportView, w: Words): string {
  const l = v.statistics.losses;
  const tariff = l.tariffEurPerKwh == null ? w.raw('rp.no_tariff') : `${w.n3(l.tariffEurPerKwh)} €/kWh`;
  const money = (x: number | null) => (x == null ? '—' : w.eur(x));
  const actions = l.byAction.map((a) => `<tr><td>${w.l(`ra.${a.action}` as MessageKey)}</td><td class="num">${w.n(a.modules)}</td><td class="num">${w.n3(a.lostKwp)}</td><td class="num">${money(a.eurPerYear)}</td></tr>`).join('');
  const repairs = l.repairs.slice(0, TOP_REPAIRS).map((r) => `<tr><td>${esc(r.code)}</td><td>${esc(r.stringCode ?? '')}</td><td>${esc(r.inverterCode ?? '')}</td>` +
    `<td><i class="sw" style="background:${STATUS_COLORS[r.status]}"></i>${w.l(`pdf.status.${r.status}` as MessageKey)}</td><td>${w.l(`ra.${r.action}` as MessageKey)}</td>` +
    `<td class="num">${w.n1(r.kwhPerYear)}</td><td class="num">${r.eurPerYear == null ? '—' : w.n2(r.eurPerYear)}</td></tr>`).join('');
  const unknown = unknownPower(v);
  return `<section class="page"><h2>${w.l('rp.losses')}</h2>
  <p class="note">${w.l('rp.losses_note', { yield: w.n(l.specificYieldKwhPerKwp), yieldNote: l.yieldIsDefault ? w.raw('rp.yield_default') : '', tariff })}</p>
  ${unknown ? `<p class="note"><b>${w.l('rp.power_unknown', { n: w.n(unknown) })}</b></p>` : ''}
  <table><thead><tr><th>${w.l('rp.col.action')}</th><th class="num">${w.l('rp.col.modules')}</th><th class="num">${w.l('rp.col.kwp')}</th><th class="num">${w.l('rp.col.eur')}</th></tr></thead><tbody>${actions}</tbody></table>
  <h3>${w.l('rp.top_repairs', { n: Math.min(TOP_REPAIRS, l.repairs.length) })}</h3>
  <table><thead><tr><th>${w.l('rp.col.code')}</th><th>${w.l('rp.col.string')}</th><th>${w.l('rp.col.inverter')}</th><th>${w.l('rp.col.status')}</th><th>${w.l('rp.col.action')}</th><th class="num">${w.l('rp.col.kwh')}</th><th class="num">${w.l('rp.col.eur')}</th></tr></thead><tbody>${repairs}</tbody></table>
</section>`;
}

/**
 * Rows of the non-conforming list per section: a long list goes on in sections that open a
 * page, where a long report's print may be cut (template.ts printParts). A page of a table
 * costs Chromium about as much memory as a page of maps for half its HTML: hence its weight.
 */
export const NONCONFORMING_ROWS = 1000;
export const TABLE_WEIGHT = 2.5;

export function nonConforming(v: ReportView, w: Words): { html: string; weight: number }[] {
  const photoNo = new Map<string, number[]>();
  v.photos.forEach((p, i) => { if (p.moduleCode) photoNo.set(p.moduleCode, [...(photoNo.get(p.moduleCode) ?? []), i + 1]); });
  const rows = v.findings.filter((f) => f.status !== 'ok').map((f) => `<tr><td><b>${esc(f.code)}</b></td><td>${esc(f.stringCode ?? '')}</td><td>${esc(f.inverterCode ?? '')}</td>` +
    `<td><i class="sw" style="background:${STATUS_COLORS[f.status as 'ok']}"></i>${w.l(`pdf.status.${f.status}` as MessageKey)}</td>` +
    `<td>${f.defectType ? w.l(`rdt.${f.defectType}` as MessageKey) : ''}${f.iecClass ? ` (CoA ${f.iecClass})` : ''}` +
    `${f.description ? `<br><small>${esc(f.description)}</small>` : ''}</td><td>${f.severity ? w.l(`rp.sev.${f.severity}` as MessageKey) : ''}</td>` +
    `<td>${(photoNo.get(f.code) ?? []).map((n) => `#${n}`).join(' ')}</td></tr>`);
  const head = `<thead><tr><th>${w.l('rp.col.code')}</th><th>${w.l('rp.col.string')}</th><th>${w.l('rp.col.inverter')}</th><th>${w.l('rp.col.status')}</th><th>${w.l('rp.col.defect')}</th><th>${w.l('rp.col.severity')}</th><th>${w.l('rp.col.photo')}</th></tr></thead>`;
  const sections = [];
  for (let from = 0; from === 0 || from < rows.length; from += NONCONFORMING_ROWS) {
    const title = from === 0 ? w.l('rp.nonconforming', { n: w.n(rows.length) })
      : w.l('rp.nonconforming_more', { from: w.n(from + 1), to: w.n(Math.min(rows.length, from + NONCONFORMING_ROWS)), n: w.n(rows.length) });
    const html = `<section class="page"><h2>${title}</h2>\n  <table>${head}\n  <tbody>${rows.slice(from, from + NONCONFORMING_ROWS).join('')}</tbody></table></section>`;
    sections.push({ html, weight: Buffer.byteLength(html) * TABLE_WEIGHT });
  }
  return sections;
}

export function photos(v: ReportView, w: Words): string {
  if (!v.photos.length) return `<section class="page"><h2>${w.l('rp.photos')}</h2><p>${w.l('rp.photos_none')}</p></section>`;
  const context = v.tables.map((t) => t.geometry);
  const items = v.photos.map((p, i) => `<div class="photo"><div><img src="${PRINT_ORIGIN}/photos/${p.sha256}" alt="">` +
    `<p><b>#${i + 1}</b> · ${w.l(`rp.photo_cat.${p.category}` as MessageKey)}${p.moduleCode ? ` · <b>${esc(p.moduleCode)}</b>` : ''}` +
    `${p.defectType ? ` · ${w.l(`rdt.${p.defectType}` as MessageKey)}` : ''}${p.severity ? ` (${w.l(`rp.sev.${p.severity}` as MessageKey)})` : ''}<br>` +
    `${esc(p.caption ?? p.description ?? '')}</p></div><div>${p.lon != null && p.lat != null ? locatorSvg(context, p.lon, p.lat) : ''}</div></div>`).join('');
  return `<section class="page"><h2>${w.l('rp.photos')}</h2>${items}</section>`;
}

const label = (x: { fr: string; en: string }, locale: Locale) => esc(x[locale]);

export function checklists(v: ReportView, w: Words): string {
  if (!v.data.checklists.length) return `<section><h2>${w.l('rp.checklists')}</h2><p>${w.l('rp.checklists_none')}</p></section>`;
  const lists = v.data.checklists.map((c) => {
    const sections = (c.sections as ChecklistSection[]).map((s) => `<h3>${label(s.title, v.locale)}</h3><table><tbody>` +
      s.fields.map((f) => {
        const answer = c.answers[f.id] as Parameters<typeof isNonConformity>[1];
        const value = answer?.value;
        const shown = value === true ? w.l('rp.yes') : value === false ? w.l('rp.no') : esc(value ?? '—');
        const nc = isNonConformity(f, answer) ? ` <span class="nc">${w.l('rp.nonconformity')}</span>` : '';
        const unit = f.type === 'number' && f.unit && typeof value === 'number' ? ` ${esc(f.unit)}` : '';
        const photoCount = answer?.photos?.length ? ` · ${answer.photos.length} photo(s)` : '';
        return `<tr><td style="width:55%">${label(f.label, v.locale)}</td><td>${shown}${unit}${nc}${photoCount}</td></tr>`;
      }).join('') + '</tbody></table>').join('');
    return `<h3>${esc(c.name)}</h3>${sections}`;
  }).join('');
  return `<section class="page"><h2>${w.l('rp.checklists')}</h2>${lists}</section>`;
}

/** What an importer records in an audit's conditions to know it again: where it came from, not how it was measured. */
const PROVENANCE = new Set(['source', 'auditToken', 'fileSha256']);

export function conditions(v: ReportView, w: Words): string {
  const all = v.data.audit.conditions ?? {};
  const entries = Object.entries(all).filter(([k]) => !PROVENANCE.has(k));
  const body = entries.length
    ? `<dl>${entries.map(([k, x]) => `<dt>${esc(k.replace(/_/g, ' '))}</dt><dd>${esc(typeof x === 'object' ? JSON.stringify(x) : x)}</dd>`).join('')}</dl>`
    : `<p>${w.l('rp.conditions_none')}</p>`;
  const imported = all.source === 'diagpv' ? `<p class="note">${w.l('rp.imported_diagpv')}</p>` : '';
  return `<section><h2 style="margin-top:6mm">${w.l('rp.conditions')}</h2>${body}${imported}</section>`;
}

/** The recommendation of each defect type found: the diagnostician's text, or the default one. */
export function recommendations(v: ReportView, w: Words): string {
  const found = v.statistics.defects.byType.map((x) => x.defectType);
  const items = found.map((type) => {
    const own = v.data.sections.recommendations?.[type]?.[v.locale];
    const key = `rec.${type}` as MessageKey;
    const text = own?.trim() ? esc(own) : w.raw(key) === key ? w.l('rec.other') : w.l(key);
    return `<h3>${w.l(`rdt.${type}` as MessageKey)}</h3><p>${text.replace(/\n/g, '<br>')}</p>`;
  }).join('');
  return `<section class="page"><h2>${w.l('rp.recommendations')}</h2>${items || `<p>${w.l('rp.no_action')}</p>`}</section>`;
}

export function appendix(v: ReportView, w: Words): string {
  const pct = (x: number) => w.pct(x);
  const statuses = MODULE_STATUSES.map((s) => `${w.raw(`pdf.status.${s}` as MessageKey)} ${pct(lossShare({ status: s, defectType: null, iecClass: null }))}`).join(', ');
  const defects = Object.entries(DEFECT_LOSS).map(([d, x]) => `${w.raw(`rdt.${d}` as MessageKey)} ${pct(x as number)}`).join(', ');
  return `<section class="page"><h2>${w.l('rp.methods')}</h2>
  <p>${w.l('rp.methods_text', { band: v.statistics.clustering.bandMetres })}</p>
  <p>${w.l('rp.loss_model', { statuses, defects, c1: pct(HOT_SPOT_LOSS[1]), c2: pct(HOT_SPOT_LOSS[2]), c3: pct(HOT_SPOT_LOSS[3]) })}</p>
  <p class="note">IEC TS 62446-3:2017 · IEC 62446-1:2016 · IEC TS 60904-13:2018 (EL)</p>
</section>`;
}
