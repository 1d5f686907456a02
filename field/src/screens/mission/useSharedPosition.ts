// The tablet's GPS position told to the team (docs/realtime.md §3): only while the mission is
// open, live, and the technician turned the GPS on (which is when the browser asked them);
// throttled by the map kit's rule (one fix per 2 s at most, after moving 2 m).
import { useEffect, useRef } from 'react';
import { type LiveMission, type SentFix, shouldSendFix } from '@calepin/map-kit';
import type { Fix } from '../../device';

/** A compass or GPS course the protocol takes (0–360), else none. */
const validHeading = (h: number | null) => (h !== null && Number.isFinite(h) && h >= 0 && h <= 360 ? h : null);

export function useSharedPosition(live: LiveMission | null, connected: boolean, fix: Fix | null): void {
  const last = useRef<SentFix | null>(null);
  // A new connection (a reconnection after a tunnel of the plant's network) hears the position at once.
  useEffect(() => { last.current = null; }, [live, connected]);
  useEffect(() => {
    if (!live || !connected || !fix) return;
    const next = { lon: fix.lon, lat: fix.lat, accuracy: Math.min(fix.accuracyM, 10_000), at: Date.now() };
    if (!shouldSendFix(last.current, next)) return;
    last.current = next;
    live.sendPosition({ lon: next.lon, lat: next.lat, accuracy: next.accuracy, heading: validHeading(fix.heading) });
  }, [live, connected, fix]);
}
