// A mission's live connection for a React screen (docs/realtime.md): opened while the
// screen shows it (subscribed), closed after; each change of its state is a new snapshot.
import { useMemo, useSyncExternalStore } from 'react';
import type { LiveSession } from '../live/client';
import { type LiveMission, type LiveMissionState, joinLiveMission } from '../live/mission';

function liveStore(session: LiveSession, missionId: string) {
  let mission: LiveMission | null = null;
  let version = 0;
  return {
    get mission() { return mission; },
    subscribe(notify: () => void) {
      const m = joinLiveMission(session, missionId);
      mission = m;
      const stop = m.subscribe(() => { version++; notify(); });
      version++;
      notify();
      return () => {
        stop();
        m.close();
        if (mission === m) mission = null;
      };
    },
    version: () => version,
  };
}

/** `version` changes with every change of the state (the state itself is the same object, updated in place). */
export function useLiveMission(session: LiveSession, missionId: string): { mission: LiveMission | null; state: LiveMissionState | null; version: number } {
  const store = useMemo(() => liveStore(session, missionId), [session, missionId]);
  const version = useSyncExternalStore(store.subscribe, store.version);
  const mission = store.mission;
  return { mission, state: mission?.state ?? null, version };
}
