import { useMemo, useState } from 'react';
import { type PlanOverlay, planTileUrl } from '@calepin/map-kit';
import { usePlans } from '../api';

/**
 * The plant's georeferenced plans as map overlays: opacity from the plan (as saved), until
 * changed here; every plan shown until hidden.
 */
export function usePlanOverlays(plantId: string) {
  const plans = usePlans(plantId);
  const [changes, setChanges] = useState<Record<string, Partial<Pick<PlanOverlay, 'opacity' | 'visible'>>>>({});
  const georeferenced = useMemo(() => plans.data?.items.filter((p) => p.status === 'georeferenced') ?? [], [plans.data]);
  const overlays = useMemo(
    () => georeferenced.map((plan): PlanOverlay => ({
      id: plan.id, url: planTileUrl(window.location.origin, plan), opacity: plan.opacity, visible: true, ...changes[plan.id],
    })),
    [georeferenced, changes],
  );
  const names = useMemo(() => Object.fromEntries(georeferenced.map((p) => [p.id, p.name])), [georeferenced]);
  const change = (id: string, next: Partial<Pick<PlanOverlay, 'opacity' | 'visible'>>) =>
    setChanges((current) => ({ ...current, [id]: { ...current[id], ...next } }));
  return { overlays, names, change };
}
