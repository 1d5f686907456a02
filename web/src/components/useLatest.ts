import { useLayoutEffect, useRef } from 'react';

/**
 * The latest value given, for listeners that outlive a render (a map's events, a drag):
 * they read `.current` when they run. Updated after each commit, never during a render.
 */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
