// The statistics of one audit (docs/reports.md, "Statistics"): counted in SQL, the
// spatial tests and the loss model applied here. What the statistics route answers and
// what the PDF prints.
import {
  type AuditStatistics, COMPARISON_CHANGES, DEFAULT_SPECIFIC_YIELD, type DefectType, MODULE_STATUSES, type ModuleStatus, REPAIR_ACTIONS,
  SEVERITIES, getisOrdGiStar, lossShare, moransI, repairAction, twoProportionZ,
} from '@calepin/core';
import { type Queryable, sqlFile } from '../../../db';
import { notFound } from '../../../http/errors';

const summarySql = sqlFile(import.meta.url, 'summary.sql');
const ratesSql = sqlFile(import.meta.url, 'rates.sql');
const tablesSql = sqlFile(import.meta.url, 'tables.sql');
const rowsSql = sqlFile(import.meta.url, 'rows.sql');
const previousSql = sqlFile(import.meta.url, 'previous.sql');
const comparisonSql = sqlFile(import.meta.url, 'comparison.sql');
const lossesSql = sqlFile(import.meta.url, 'losses.sql');

/**
 * Tables whose outlines come within 10 m are neighbours: on a ground plant, the tables
 * beside (1 m apart) and the rows in front and behind (8.5–9 m pitch, about 5 m clear);
 * on a roof, the whole field of adjacent tables. Not the next block across a 6 m road
 * plus the rows' gap.
 */
export const NEIGHBOUR_BAND_M = 10;
const MAX_REPAIRS = 500;

type Geometry = { type: string; coordinates: unknown };
export interface TableRate { id: string; code: string; audited: number; defective: number; rate: number; geometry: Geometry; neighbours: number[] }
export interface ModuleChange { id: string; code: string; status: ModuleStatus; previousStatus: ModuleStatus; change: (typeof COMPARISON_CHANGES)[number]; geometry: Geometry }

/** The statistics and, for the maps, the geometry they were computed on. */
export interface AuditFigures {
  statistics: AuditStatistics;
  tables: TableRate[];
  changes: ModuleChange[];
  /** Every module with a finding, by code (the report's list of non-conforming modules). */
  findings: LossRow[];
}

export interface LossRow {
  id: string; code: string; status: ModuleStatus; stringCode: string | null; inverterCode: string | null; tableCode: string | null;
  powerWp: number; defectType: DefectType | null; iecClass: number | null; severity: string | null;
  /** The diagnostician's comment on the finding. */
  description: string | null;
}

/** Codes in their natural order (S2 before S10), as the SQL's natural_order collation. */
const NATURAL = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

const zeros = <K extends string>(keys: readonly K[], found: Record<string, number> | null) =>
  Object.fromEntries(keys.map((k) => [k, found?.[k] ?? 0])) as Record<K, number>;
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Each module inspected by both audits and how it changed since `beforeId`: the PDF's comparison, and the web report's. */
export async function moduleChanges(db: Queryable, auditId: string, beforeId: string): Promise<ModuleChange[]> {
  return (await db.query<ModuleChange>(comparisonSql, [auditId, beforeId])).rows;
}

export async function auditFigures(db: Queryable, auditId: string): Promise<AuditFigures> {
  const summary = (await db.query(summarySql, [auditId])).rows[0];
  if (!summary) throw notFound();
  const [rates, tables, rows, previous, losses] = await Promise.all([
    db.query<{ kind: 'table' | 'string' | 'inverter' | 'zone'; id: string; code: string; audited: number; defective: number; rate: number }>(ratesSql, [auditId]),
    db.query<TableRate>(tablesSql, [auditId, NEIGHBOUR_BAND_M]),
    db.query<{ place: 'bottom' | 'top' | 'end' | 'inner'; audited: number; defective: number }>(rowsSql, [auditId]),
    db.query<{ id: string; auditType: AuditStatistics['auditType']; at: Date }>(previousSql, [auditId]),
    db.query<LossRow>(lossesSql, [auditId]),
  ]);

  const byStatus = zeros(MODULE_STATUSES, summary.byStatus);
  const audited = Object.values(byStatus).reduce((a, b) => a + b, 0);

  const rateGroups = { table: [], string: [], inverter: [], zone: [] } as AuditStatistics['rates'];
  for (const { kind, ...rate } of rates.rows) rateGroups[kind].push(rate);

  const values = tables.rows.map((t) => t.rate);
  const neighbours = tables.rows.map((t) => t.neighbours);
  const gi = getisOrdGiStar(values, neighbours);
  const moran = moransI(values, neighbours);

  const inner = rows.rows.find((r) => r.place === 'inner');
  const places = rows.rows.map((r) => ({
    place: r.place, audited: r.audited, defective: r.defective, rate: r.defective / r.audited,
    z: r.place === 'inner' || !inner ? 0 : round(twoProportionZ(r.defective, r.audited, inner.defective, inner.audited), 3),
  }));

  let comparison: AuditStatistics['comparison'] = null;
  let changes: ModuleChange[] = [];
  const before = previous.rows[0];
  if (before) {
    changes = await moduleChanges(db, auditId, before.id);
    const counts = zeros(COMPARISON_CHANGES, null);
    for (const c of changes) counts[c.change] += 1;
    comparison = { previousAuditId: before.id, previousAuditType: before.auditType, previousAt: new Date(before.at).toISOString(), counts };
  }

  const tariff = summary.tariff as number | null;
  const yieldIsDefault = summary.specificYield == null;
  const specificYield = (summary.specificYield as number | null) ?? DEFAULT_SPECIFIC_YIELD;
  const repairs = losses.rows.map((m) => {
    const input = { status: m.status, defectType: m.defectType, iecClass: m.iecClass };
    const lostW = m.powerWp * lossShare(input);
    const kwh = (lostW / 1000) * specificYield;
    return {
      moduleId: m.id, code: m.code, stringCode: m.stringCode, inverterCode: m.inverterCode, status: m.status, defectType: m.defectType,
      action: repairAction(input), lostW: round(lostW, 2), kwhPerYear: round(kwh, 2), eurPerYear: tariff == null ? null : round(kwh * tariff, 2),
    };
  });
  repairs.sort((a, b) => b.kwhPerYear - a.kwhPerYear || NATURAL.compare(a.code, b.code));
  const lostW = repairs.reduce((a, r) => a + r.lostW, 0);
  const byAction = REPAIR_ACTIONS.map((action) => {
    const of = repairs.filter((r) => r.action === action);
    const w = of.reduce((a, r) => a + r.lostW, 0);
    return { action, modules: of.length, lostKwp: round(w / 1000, 3), eurPerYear: tariff == null ? null : round((w / 1000) * specificYield * tariff, 2) };
  }).filter((a) => a.modules > 0).sort((a, b) => b.lostKwp - a.lostKwp);

  const statistics: AuditStatistics = {
    auditId, plantId: summary.plantId, auditType: summary.auditType,
    modules: { audited, defective: audited - byStatus.ok, byStatus },
    defects: {
      total: Object.values((summary.bySeverity ?? {}) as Record<string, number>).reduce((a, b) => a + b, 0),
      bySeverity: zeros(SEVERITIES, summary.bySeverity),
      byType: summary.byType,
    },
    rates: rateGroups,
    clustering: {
      bandMetres: NEIGHBOUR_BAND_M,
      moran,
      tables: tables.rows.map((t, i) => ({ id: t.id, code: t.code, audited: t.audited, defective: t.defective, rate: t.rate, ...(gi[i] as (typeof gi)[number]) })),
    },
    rows: places.sort((a, b) => ['bottom', 'top', 'end', 'inner'].indexOf(a.place) - ['bottom', 'top', 'end', 'inner'].indexOf(b.place)),
    comparison,
    losses: {
      tariffEurPerKwh: tariff, specificYieldKwhPerKwp: specificYield, yieldIsDefault,
      lostKwp: round(lostW / 1000, 3),
      lostKwhPerYear: round((lostW / 1000) * specificYield, 1),
      lostEurPerYear: tariff == null ? null : round((lostW / 1000) * specificYield * tariff, 2),
      byAction,
      repairs: repairs.slice(0, MAX_REPAIRS),
    },
  };
  return { statistics, tables: tables.rows, changes, findings: losses.rows };
}
