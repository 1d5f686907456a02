// The network as the device sees it: online or not, and whether the connection is slow or
// metered (navigator.connection, Chromium) — photos then go as a small preview first.

interface NetworkInformation extends EventTarget {
  type?: string;
  effectiveType?: string;
  saveData?: boolean;
}
const connection = () => (navigator as Navigator & { connection?: NetworkInformation }).connection;

export const isOnline = () => navigator.onLine;

/** A slow (2G/3G) or metered (cellular, data saver) connection: upload previews before originals. */
export function isSlowOrMetered(): boolean {
  const c = connection();
  if (!c) return false;
  return Boolean(c.saveData) || c.type === 'cellular' || c.effectiveType === 'slow-2g' || c.effectiveType === '2g' || c.effectiveType === '3g';
}

export function onNetworkChange(listener: () => void): () => void {
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  connection()?.addEventListener('change', listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
    connection()?.removeEventListener('change', listener);
  };
}
