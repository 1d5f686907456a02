import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { plantEditKeys, queryKeys } from '../api/query-keys';
import type { LiveClient } from '../live/client';

const DEBOUNCE_MS = 300;

/**
 * Refetches the lists and counts of a plant that other people's edits change (layout
 * layers, strings, inverters, status counts, module details; the plant itself on a change
 * to it), once per burst of changes.
 */
export function useLiveQueries(live: LiveClient, plant: string): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let plantChanged = false;
    const flush = () => {
      timer = undefined;
      for (const queryKey of plantEditKeys(plant)) void queryClient.invalidateQueries({ queryKey });
      if (plantChanged) void queryClient.invalidateQueries({ queryKey: queryKeys.plant(plant) });
      plantChanged = false;
    };
    const later = () => {
      timer ??= setTimeout(flush, DEBOUNCE_MS);
    };
    const stop = live.listen(plant, {
      change(change) {
        if (change.table === 'plants') plantChanged = true;
        later();
      },
      reset() {
        plantChanged = true;
        later();
      },
    });
    return () => {
      stop();
      clearTimeout(timer);
    };
  }, [live, queryClient, plant]);
}
