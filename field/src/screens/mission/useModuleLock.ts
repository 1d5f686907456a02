// The lock on the module whose defect form is open (docs/realtime.md §6): taken before the
// form opens — refused when a teammate holds it —, renewed every 20 s while it is open,
// released when it closes; lost while it was open (a tablet asleep past the lock's life), it
// is taken again, or the technician is told who has it now. Offline (no live link), the form opens without a lock: sync
// merges what two technicians save on one module.
import { useCallback, useEffect, useState } from 'react';
import type { LiveMission } from '@calepin/map-kit';

const RENEW_EVERY_MS = 20_000;
/** 20 s, or what an e2e test set on the page for a server whose locks live a few seconds (`__calepinLockRenewMs`). */
const renewEveryMs = () => (window as { __calepinLockRenewMs?: number }).__calepinLockRenewMs ?? RENEW_EVERY_MS;

export function useModuleLock(live: LiveMission | null, connected: boolean, openModuleId: string | null) {
  const [refusal, setRefusal] = useState<string | null>(null);

  /** True when the form may open on the module. */
  const take = useCallback(async (moduleId: string | null): Promise<boolean> => {
    if (!live || !connected || !moduleId) return true;
    const answer = await live.takeLock(moduleId).catch(() => null);
    if (answer && !answer.ok && answer.code === 'locked') {
      setRefusal(answer.message);
      return false;
    }
    setRefusal(null);
    return true;
  }, [live, connected]);

  useEffect(() => {
    if (!live || !openModuleId) return;
    // A renewal that finds the lock gone (the tablet slept past its life) takes it again; when
    // a teammate has it meanwhile, the form stays open (nothing typed is lost: sync merges)
    // and the technician is told who annotates the module now.
    const renew = async () => {
      const renewed = await live.renewLock(openModuleId).catch(() => null);
      if (!renewed || renewed.ok || renewed.code !== 'not_found') return;
      const taken = await live.takeLock(openModuleId).catch(() => null);
      if (taken && !taken.ok && taken.code === 'locked') setRefusal(taken.message);
    };
    const timer = setInterval(() => void renew(), renewEveryMs());
    return () => {
      clearInterval(timer);
      void live.releaseLock(openModuleId).catch(() => undefined);
    };
  }, [live, openModuleId]);

  return { take, refusal, dismiss: () => setRefusal(null) };
}
