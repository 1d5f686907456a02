import { type Conflict, type Locale, type MessageKey, type MessageParams, daylightWithin, t } from '@calepin/core';
import type { Queryable } from '../../../db';
import { ApiError, notFound } from '../../../http/errors';
import { sqlFile } from '../../../db';

const slotContext = sqlFile(import.meta.url, 'slot-context.sql');

export interface Slot {
  missionId: string;
  technicianId: string;
  start: string;
  end: string;
  /** The intervention being moved: it does not conflict with itself. */
  interventionId?: string | null;
}

interface Other { missionId: string; reference: string; plantName: string; start: string; end: string; km: number | null; overlaps: boolean }
interface Context {
  reference: string;
  status: string;
  audit_types: string[];
  estimated_hours: number | null;
  plant_name: string;
  timezone: string;
  lon: number | null;
  lat: number | null;
  technician: string | null;
  others: Other[];
  absences: { id: string; reason: string; start: string; end: string }[];
  booked_hours: number;
}

const HOUR = 3_600_000;
const NIGHT_WORK = new Set(['el']);

/** Dates and durations as the caller reads them, in the plant's time zone. */
function formats(locale: Locale, timeZone: string) {
  const tag = locale === 'fr' ? 'fr-FR' : 'en-GB';
  const at = new Intl.DateTimeFormat(tag, { timeZone, dateStyle: 'short', timeStyle: 'short' });
  const clock = new Intl.DateTimeFormat(tag, { timeZone, timeStyle: 'short' });
  const day = new Intl.DateTimeFormat(tag, { timeZone, dateStyle: 'medium' });
  return {
    at: (v: string | number) => at.format(new Date(v)),
    clock: (v: number) => clock.format(new Date(v)),
    day: (v: number) => day.format(new Date(v)),
    duration: (ms: number) => {
      const minutes = Math.max(0, Math.round(ms / 60_000));
      return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')}`;
    },
  };
}

/**
 * Everything that stands against a technician's slot on a mission: another slot at the
 * same time, an absence, daylight for night work (EL), a drive from another plant that
 * the gap between slots cannot hold, a slot longer than a day, and a mission whose
 * estimated time the booked slots do not cover (only a warning while it is a draft).
 */
export async function findConflicts(db: Queryable, slot: Slot, locale: Locale, speedKmh: number): Promise<Conflict[]> {
  const { rows } = await db.query<Context>(slotContext, [slot.missionId, slot.technicianId, slot.start, slot.end, slot.interventionId ?? null]);
  const c = rows[0];
  if (!c) throw notFound('missionId');
  const f = formats(locale, c.timezone);
  const technician = c.technician ?? '?';
  const start = Date.parse(slot.start);
  const end = Date.parse(slot.end);
  const found: Conflict[] = [];
  const add = (kind: Conflict['kind'], key: MessageKey, params: MessageParams, field: string, otherId: string | null, blocking = true) =>
    found.push({ kind, blocking, message: t(locale, key, params), field, otherId });

  if (end - start > 24 * HOUR) add('outside_day', 'c.outside_day', {}, 'end', null);
  for (const o of c.others.filter((o) => o.overlaps)) {
    add('overlap', 'c.overlap', { technician, reference: o.reference, plant: o.plantName, start: f.at(o.start), end: f.at(o.end) }, 'start', o.missionId);
  }
  for (const a of c.absences) {
    const reason = t(locale, `reason.${a.reason}` as MessageKey);
    add('unavailable', 'c.unavailable', { technician, reason, start: f.at(a.start), end: f.at(a.end) }, 'technicianId', a.id);
  }
  if (c.audit_types.every((a) => NIGHT_WORK.has(a)) && c.lon !== null && c.lat !== null) {
    const sun = daylightWithin(start, end, c.lon, c.lat)[0];
    if (sun) {
      add('daylight', 'c.daylight', { plant: c.plant_name, sunrise: f.clock(sun.sunrise), sunset: f.clock(sun.sunset), day: f.day(sun.sunrise) }, 'start', null);
    }
  }
  for (const o of c.others.filter((o) => !o.overlaps && o.km !== null)) {
    const before = Date.parse(o.end) <= start;
    const gap = before ? start - Date.parse(o.end) : Date.parse(o.start) - end;
    const needed = ((o.km as number) / speedKmh) * HOUR;
    if (needed <= gap) continue;
    const [from, to] = before ? [o.plantName, c.plant_name] : [c.plant_name, o.plantName];
    add('travel', 'c.travel', {
      technician, km: Math.round(o.km as number), from, to, gap: f.duration(gap), needed: f.duration(needed), speed: speedKmh,
    }, 'start', o.missionId);
  }
  if (c.estimated_hours !== null && c.booked_hours + 1e-6 < c.estimated_hours) {
    const blocking = c.status === 'planned' || c.status === 'in_progress';
    add('underbooked', 'c.underbooked', { needed: round1(c.estimated_hours), booked: round1(c.booked_hours) }, 'end', null, blocking);
  }
  return found;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** A 409 naming the first blocking conflict (and every one in details), or nothing. */
export function refuseConflicts(conflicts: readonly Conflict[]): void {
  const blocking = conflicts.filter((c) => c.blocking);
  const first = blocking[0];
  if (!first) return;
  throw new ApiError(409, `conflict_${first.kind}`, {
    text: `${first.field}: ${first.message}`,
    field: first.field,
    details: blocking.map((c) => ({ field: c.field, message: `${c.field}: ${c.message}` })),
  });
}
