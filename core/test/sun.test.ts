import { describe, expect, it } from 'vitest';
import { daylightWithin, sunDay } from '../src/planning/sun';

const hours = (ms: number) => ms / 3_600_000;

// What any almanac agrees on: day length from the declination (with 0.833° of refraction
// and solar radius), and solar noon at 12:00 UTC − longitude / 15 h, give or take the
// equation of time (at most 17 minutes).
describe('sunrise and sunset', () => {
  it('gives the day length and solar noon of the solstices near Toulouse', () => {
    const june = sunDay(Date.parse('2026-06-21T12:00:00Z'), 1.19, 43.5);
    const december = sunDay(Date.parse('2026-12-21T12:00:00Z'), 1.19, 43.5);
    // cos ω = (sin(−0.833°) − sin φ sin δ) / (cos φ cos δ): 15 h 25 in June, 8 h 56 in December.
    expect(hours((june.sunset as number) - (june.sunrise as number))).toBeCloseTo(15.42, 1);
    expect(hours((december.sunset as number) - (december.sunrise as number))).toBeCloseTo(8.94, 1);
    for (const day of [june, december]) {
      const noon = ((day.sunrise as number) + (day.sunset as number)) / 2;
      const expected = Date.parse(new Date(noon).toISOString().slice(0, 10) + 'T12:00:00Z') - (1.19 / 15) * 3_600_000;
      expect(Math.abs(noon - expected)).toBeLessThan(17 * 60_000);
    }
  });

  it('gives about twelve hours at the equinox, anywhere', () => {
    for (const lat of [0, 30, 50]) {
      const day = sunDay(Date.parse('2026-03-20T12:00:00Z'), 0, lat);
      expect(hours((day.sunset as number) - (day.sunrise as number))).toBeGreaterThan(12);
      expect(hours((day.sunset as number) - (day.sunrise as number))).toBeLessThan(12.25);
    }
  });

  it('knows the polar day and night', () => {
    expect(sunDay(Date.parse('2026-06-21T12:00:00Z'), 18.9, 69.6).polar).toBe('day');
    expect(sunDay(Date.parse('2026-12-21T12:00:00Z'), 18.9, 69.6).polar).toBe('night');
  });

  it('finds the daylight a slot touches, and none for a night', () => {
    expect(daylightWithin(Date.parse('2026-06-21T20:30:00Z'), Date.parse('2026-06-22T03:30:00Z'), 1.19, 43.5)).toEqual([]);
    expect(daylightWithin(Date.parse('2026-06-21T18:00:00Z'), Date.parse('2026-06-21T23:00:00Z'), 1.19, 43.5)).toHaveLength(1);
  });
});
