// When the sun is up at a place: the planning refuses EL slots (night work) in daylight.
// The sunrise equation (NOAA's simplification: solar transit, declination and hour angle,
// with -0.833° for refraction and the sun's radius); good to about a minute at
// mid-latitudes, which is all a planning check needs.

const RAD = Math.PI / 180;
const J2000 = 2451545;
const DAY_MS = 86_400_000;
const UNIX_EPOCH_JD = 2440587.5;

const toJulian = (ms: number) => ms / DAY_MS + UNIX_EPOCH_JD;
const fromJulian = (jd: number) => (jd - UNIX_EPOCH_JD) * DAY_MS;

export interface SunDay {
  /** Sunrise and sunset (epoch ms); null when the sun never rises or never sets that day. */
  sunrise: number | null;
  sunset: number | null;
  /** The sun never sets (polar day) or never rises (polar night). */
  polar: 'day' | 'night' | null;
}

/**
 * Sunrise and sunset of the solar day nearest to `dayMs` (any instant of the UTC date
 * wanted) at longitude `lon`, latitude `lat` in degrees.
 */
export function sunDay(dayMs: number, lon: number, lat: number): SunDay {
  const n = Math.round(toJulian(Math.floor(dayMs / DAY_MS) * DAY_MS + DAY_MS / 2) - J2000 - 0.0008);
  const meanSolarNoon = n - lon / 360;
  const m = (357.5291 + 0.98560028 * meanSolarNoon) % 360;
  const c = 1.9148 * Math.sin(m * RAD) + 0.02 * Math.sin(2 * m * RAD) + 0.0003 * Math.sin(3 * m * RAD);
  const lambda = (m + c + 180 + 102.9372) % 360;
  const transit = J2000 + meanSolarNoon + 0.0053 * Math.sin(m * RAD) - 0.0069 * Math.sin(2 * lambda * RAD);
  const sinDecl = Math.sin(lambda * RAD) * Math.sin(23.4397 * RAD);
  const cosDecl = Math.cos(Math.asin(sinDecl));
  const cosHour = (Math.sin(-0.833 * RAD) - Math.sin(lat * RAD) * sinDecl) / (Math.cos(lat * RAD) * cosDecl);
  if (cosHour < -1) return { sunrise: null, sunset: null, polar: 'day' };
  if (cosHour > 1) return { sunrise: null, sunset: null, polar: 'night' };
  const hour = Math.acos(cosHour) / RAD;
  return { sunrise: fromJulian(transit - hour / 360), sunset: fromJulian(transit + hour / 360), polar: null };
}

/**
 * The daylight periods [sunrise, sunset] that a period [start, end) (epoch ms) touches,
 * empty when it lies wholly in the night.
 */
export function daylightWithin(start: number, end: number, lon: number, lat: number): { sunrise: number; sunset: number }[] {
  const found: { sunrise: number; sunset: number }[] = [];
  for (let day = Math.floor(start / DAY_MS) * DAY_MS - DAY_MS; day <= end + DAY_MS; day += DAY_MS) {
    const sun = sunDay(day, lon, lat);
    const rise = sun.polar === 'day' ? day : sun.sunrise;
    const set = sun.polar === 'day' ? day + DAY_MS : sun.sunset;
    if (rise === null || set === null) continue;
    if (rise < end && set > start && !found.some((f) => f.sunrise === rise)) found.push({ sunrise: rise, sunset: set });
  }
  return found;
}
