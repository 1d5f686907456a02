// Where things are on the board: time ↔ pixels along a row of days.

export const DAY_PX = 150;
export const ROW_PX = 44;
export const NAME_PX = 170;
const DAY_MS = 86_400_000;
const SNAP_MS = 30 * 60_000;

export interface Frame {
  /** Local midnight of the first day shown. */
  start: Date;
  days: number;
}

/** x in the timeline (0 = start of the first day) for an instant, DST days included. */
export function xOf(frame: Frame, at: number): number {
  const first = frame.start.getTime();
  let day = Math.floor((at - first) / DAY_MS);
  // A local day is 23 or 25 hours around DST changes: find the day by local midnights.
  for (;;) {
    const midnight = new Date(frame.start.getFullYear(), frame.start.getMonth(), frame.start.getDate() + day).getTime();
    const next = new Date(frame.start.getFullYear(), frame.start.getMonth(), frame.start.getDate() + day + 1).getTime();
    if (at < midnight) day -= 1;
    else if (at >= next) day += 1;
    else return (day + (at - midnight) / (next - midnight)) * DAY_PX;
  }
}

export const snap = (ms: number) => Math.round(ms / SNAP_MS) * SNAP_MS;
/** A pixel offset along the timeline as a duration (away from DST days, 1 day = DAY_PX). */
export const durationOf = (dx: number) => snap((dx / DAY_PX) * DAY_MS);

/** The local day (midnight) at x, and an hour of it. */
export function dayAt(frame: Frame, x: number, hour: number): number {
  const day = Math.max(0, Math.min(frame.days - 1, Math.floor(x / DAY_PX)));
  return new Date(frame.start.getFullYear(), frame.start.getMonth(), frame.start.getDate() + day, hour).getTime();
}
