import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { listenToPlant } from './stream';

const DEBOUNCE_MS = 300;

/**
 * Refetches the lists and counts of a plant that other people's edits change (layout
 * layers, strings, inverters, status counts, module details), once per burst of changes.
 */
export function useLiveQueries(plant: string): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let plantChanged = false;
    const flush = () => {
      timer = undefined;
      for (const key of ['layout', 'strings', 'inverters', 'status-counts', 'module']) {
        void queryClient.invalidateQueries({ queryKey: [key, plant] });
      }
      if (plantChanged) void queryClient.invalidateQueries({ queryKey: ['plant', plant] });
      plantChanged = false;
    };
    const later = () => {
      timer ??= setTimeout(flush, DEBOUNCE_MS);
    };
    const stop = listenToPlant(plant, {
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
  }, [queryClient, plant]);
}
