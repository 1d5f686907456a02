// Idle after two minutes without input, active again at the next one (docs/realtime.md §3):
// the same rule on the tablet and in the office.
import { useEffect } from 'react';
import { IDLE_AFTER_MS } from '@calepin/core';
import type { LiveMission } from '../live/mission';

export function useIdle(mission: LiveMission | null, afterMs = IDLE_AFTER_MS): void {
  useEffect(() => {
    if (!mission) return;
    let idle = false;
    const sleep = () => { idle = true; mission.setActive(false); };
    let timer = setTimeout(sleep, afterMs);
    const input = () => {
      clearTimeout(timer);
      if (idle) { idle = false; mission.setActive(true); }
      timer = setTimeout(sleep, afterMs);
    };
    const events = ['pointerdown', 'keydown', 'pointermove', 'touchstart'] as const;
    events.forEach((e) => window.addEventListener(e, input, { passive: true }));
    return () => {
      clearTimeout(timer);
      events.forEach((e) => window.removeEventListener(e, input));
    };
  }, [mission, afterMs]);
}
