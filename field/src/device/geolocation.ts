// The device's position and heading: the GPS fix with its accuracy, the compass heading when
// the device has one (deviceorientationabsolute), else the course the GPS reports on the move.
import { DeviceError } from './errors';

export interface Fix {
  lon: number;
  lat: number;
  accuracyM: number;
  heading: number | null;
  at: number;
}

export function currentFix(timeoutMs = 10_000): Promise<Fix> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) return reject(new DeviceError('gps_unavailable', 'no geolocation on this device'));
    navigator.geolocation.getCurrentPosition(
      (p) => resolve(toFix(p)),
      (e) => reject(new DeviceError(e.code === e.PERMISSION_DENIED ? 'gps_refused' : 'gps_unavailable', e.message)),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 5_000 },
    );
  });
}

const toFix = (p: GeolocationPosition): Fix => ({
  lon: p.coords.longitude, lat: p.coords.latitude, accuracyM: p.coords.accuracy, heading: p.coords.heading ?? null, at: p.timestamp,
});

/** Follows the position (and the compass); returns the function that stops following. */
export function watchFix(onFix: (fix: Fix) => void, onError: (error: DeviceError) => void): () => void {
  if (!('geolocation' in navigator)) {
    onError(new DeviceError('gps_unavailable', 'no geolocation on this device'));
    return () => {};
  }
  let compass: number | null = null;
  let last: Fix | null = null;
  const onOrientation = (e: DeviceOrientationEvent) => {
    const webkit = (e as DeviceOrientationEvent & { webkitCompassHeading?: number }).webkitCompassHeading;
    compass = webkit ?? (e.absolute && e.alpha !== null ? (360 - e.alpha) % 360 : compass);
    if (last) onFix({ ...last, heading: compass ?? last.heading });
  };
  window.addEventListener('deviceorientationabsolute', onOrientation as EventListener);
  const id = navigator.geolocation.watchPosition(
    (p) => {
      last = toFix(p);
      onFix({ ...last, heading: compass ?? last.heading });
    },
    (e) => onError(new DeviceError(e.code === e.PERMISSION_DENIED ? 'gps_refused' : 'gps_unavailable', e.message)),
    { enableHighAccuracy: true, maximumAge: 2_000 },
  );
  return () => {
    navigator.geolocation.clearWatch(id);
    window.removeEventListener('deviceorientationabsolute', onOrientation as EventListener);
  };
}
