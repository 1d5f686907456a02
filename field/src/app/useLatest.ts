import { useEffect, useRef } from 'react';

/**
 * The latest value, for listeners that outlive a render (map events, key handlers): set
 * after each commit, never read while rendering (as in web/src/components/useLatest.ts).
 */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  useEffect(() => {
    ref.current = value;
  });
  return ref;
}
