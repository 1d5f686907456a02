import { describe, expect, it } from 'vitest';
import { daylightWithin, sunDay } from '../src/planning/sun';

// Reference times from the NOAA solar calculator (gml.noaa.gov/grad/solcalc), UTC.
const minutes = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().slice(11, 16));

describe('sunrise and sunset', () => {
  it('matches NOAA near Toulouse at the solstices within two minutes', () => {
    const june = sunDay(Date.parse('2026-06-21T12:00:00Z'), 1.19, 43.5);
    const december = sunDay(Date.parse('2026-12-21T12:00:00Z'), 1.19, 43.5);
    const within = (ms: number | null, hhmm: string) =>
      Math.abs((ms as number) - Date.parse(`${new Date(ms as number).toISOString().slice(0, 10)}T${hhmm}:00Z`)) <= 120_000;
    expect(within(june.sunrise, '04:17'), minutes(june.sunrise) as string).toBe(true);
    expect(within(june.sunset, '19:51'), minutes(june.sunset) as string).toBe(true);
    expect(within(december.sunrise, '07:35'), minutes(december.sunrise) as string).toBe(true);
    expect(within(december.sunset, '16:17'), minutes(december.sunset) as string).toBe(true);
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
