// Which GPS fixes a tablet sends to its team (docs/realtime.md §3): at most one every 2 s, and
// only after moving 2 m — or when the accuracy changed enough to redraw the circle — so that a
// technician standing still at a module costs nothing and one walking a row is followed.
export const POSITION_MIN_INTERVAL_MS = 2_000;
export const POSITION_MIN_MOVE_M = 2;
/** The server forgets a position after 10 min: one standing still is told again before that. */
export const POSITION_REFRESH_MS = 5 * 60_000;

export interface SentFix {
  lon: number;
  lat: number;
  accuracy: number;
  at: number;
}

/** Metres between two points a few hundred metres apart at most (equirectangular: well under 1 % off there). */
export function metresBetween(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const x = (b.lon - a.lon) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
  const y = (b.lat - a.lat) * rad;
  return Math.hypot(x, y) * 6_371_000;
}

/** True when `fix` is worth sending after `last` (null: nothing sent yet). */
export function shouldSendFix(last: SentFix | null, fix: SentFix): boolean {
  if (!last) return true;
  if (fix.at - last.at < POSITION_MIN_INTERVAL_MS) return false;
  if (fix.at - last.at >= POSITION_REFRESH_MS) return true;
  return metresBetween(last, fix) >= POSITION_MIN_MOVE_M || Math.abs(fix.accuracy - last.accuracy) >= Math.max(POSITION_MIN_MOVE_M, last.accuracy / 2);
}
