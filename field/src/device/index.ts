// Every device capability the app uses, behind one module: camera, microphone, position and
// heading, storage and encryption, speech recognition, network state, screen wake lock. The
// web implementations are here; a Capacitor wrap (docs/field.md) swaps these files for its
// plugins' and nothing else changes.
export { takePhoto, imageSize } from './camera';
export { type Recording, recordVoice } from './audio';
export { type Fix, currentFix, watchFix } from './geolocation';
export { downloads, files, fileKey, sha256Hex, storageEstimate } from './storage';
export { listen, speechAvailable } from './speech';
export { isOnline, isSlowOrMetered, onNetworkChange } from './network';
export { DeviceError } from './errors';

/** Keeps the screen on (night audits); returns the release. Silently nothing where unsupported. */
export async function keepAwake(): Promise<() => void> {
  try {
    const lock = await (navigator as Navigator & { wakeLock?: { request(type: 'screen'): Promise<{ release(): Promise<void> }> } }).wakeLock?.request('screen');
    return () => void lock?.release().catch(() => {});
  } catch {
    return () => {};
  }
}
