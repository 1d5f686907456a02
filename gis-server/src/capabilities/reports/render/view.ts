// What a report's HTML is made from, and the small helpers both halves of the template share.
import { type AuditStatistics, type Locale, type MessageKey, t } from '@calepin/core';
import type { ModuleChange, TableRate } from '../statistics/index';
import type { Geometry } from './geo';

export interface ReportData {
  id: string;
  title: string;
  language: Locale;
  sections: { summary?: Partial<Record<Locale, string>>; recommendations?: Record<string, Partial<Record<Locale, string>>> };
  client: { name: string; address: string | null; postalCode: string | null; city: string | null };
  plant: {
    id: string; name: string; reference: string | null; address: string | null; postalCode: string | null; city: string | null;
    peakKwp: number | null; commissioningDate: string | null; timezone: string; mounting: string;
    location: { coordinates: [number, number] } | null; boundary: Geometry | null;
  };
  audit: {
    id: string; auditType: string; startedAt: string | null; finishedAt: string | null; conditions: Record<string, unknown>;
    performedBy: string | null; validatedBy: string | null; missionReference: string | null;
  };
  bbox: [number, number, number, number] | null;
  /** One detail map page per inverter or per zone, as the report asks. */
  mapPages: 'inverter' | 'zone';
  detailPages: { id: string; code: string; name: string | null; bbox: [number, number, number, number] }[];
  /** The georeferenced plans under the status maps: none unless the report asks for them. */
  plans: PlanUnder[];
  checklists: { name: string; sections: unknown; answers: Record<string, { value: unknown; photos?: string[]; note?: string }>; validated: string[] }[];
}

export interface PlanUnder { id: string; opacity: number }

export interface Finding {
  id: string; code: string; status: string; stringCode: string | null; inverterCode: string | null; tableCode: string | null;
  defectType: string | null; severity: string | null; iecClass: number | null;
  /** The diagnostician's comment on the finding. */
  description: string | null;
  /** The module's rated power; 0 when its model is unknown (an imported grid). */
  powerWp: number;
}

export interface PrintedPhoto {
  id: string; category: string; sha256: string; caption: string | null; defectType: string | null; severity: string | null;
  description: string | null; moduleCode: string | null; lon: number | null; lat: number | null;
}

/**
 * A status map as the page shows it: a raster asked from the print origin (a file written
 * as it was drawn: the plant map, or the plans under a detail map), and the SVG drawn over
 * it (a detail map: render/detail-maps.ts).
 */
export interface PrintedMap {
  src: string | null;
  svg: string | null;
  metresPerPixel: number;
}

export interface ReportView {
  locale: Locale;
  company: { name: string; details: string | null };
  data: ReportData;
  statistics: AuditStatistics;
  tables: TableRate[];
  changes: ModuleChange[];
  findings: Finding[];
  photos: PrintedPhoto[];
  plantMap: PrintedMap | null;
  /** Per inverter or zone: its findings, and its detail maps (several slices for a long one). */
  detailMaps: { code: string; name: string | null; count: number; maps: PrintedMap[] }[];
  insetSvg: string | null;
  renderedAt: Date;
  draft: boolean;
}

export const esc = (value: unknown) =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** The words and number formats of one locale. */
export function words(locale: Locale, timeZone: string) {
  const tag = locale === 'fr' ? 'fr-FR' : 'en-GB';
  const number = (digits: number) => new Intl.NumberFormat(tag, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  const n0 = number(0);
  const n1 = number(1);
  const n2 = number(2);
  const n3 = number(3);
  const pct = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1 });
  const eur = new Intl.NumberFormat(tag, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
  const date = new Intl.DateTimeFormat(tag, { timeZone, dateStyle: 'long' });
  return {
    l: (key: MessageKey, params?: Record<string, string | number>) => esc(t(locale, key, params)),
    raw: (key: MessageKey, params?: Record<string, string | number>) => t(locale, key, params),
    n: (v: number) => n0.format(v),
    n1: (v: number) => n1.format(v),
    n2: (v: number) => n2.format(v),
    n3: (v: number) => n3.format(v),
    pct: (v: number) => pct.format(v),
    eur: (v: number) => eur.format(v),
    date: (v: string | Date) => date.format(new Date(v)),
  };
}
export type Words = ReturnType<typeof words>;
