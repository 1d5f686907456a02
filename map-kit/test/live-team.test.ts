// The team on the map and the positions a tablet tells it (map-kit/src/live/team-layers.ts,
// position-throttle.ts): what a technician sees of a colleague, and what their tablet sends.
import { describe, expect, test } from 'vitest';
import type { RtPosition } from '@calepin/core';
import { metresBetween, shouldSendFix } from '../src/live/position-throttle';
import { type TeamMember, teamFeatures } from '../src/live/team-layers';

const at = (lon: number, lat: number, ms: number, accuracy = 4) => ({ lon, lat, accuracy, at: ms });
// About 1.5 m and 3 m north of a point near Toulouse.
const origin = at(1.2, 43.5, 0);
const north = (metres: number, ms: number, accuracy = 4) => at(1.2, 43.5 + metres / 111_320, ms, accuracy);

describe('the positions a tablet sends', () => {
  test('the first fix, then one per 2 s at most, and only after moving 2 m', () => {
    expect(shouldSendFix(null, origin)).toBe(true);
    expect(shouldSendFix(origin, north(3, 1_000))).toBe(false); // too soon
    expect(shouldSendFix(origin, north(1.5, 5_000))).toBe(false); // standing at a module
    expect(shouldSendFix(origin, north(3, 2_000))).toBe(true); // walking a row
  });

  test('an accuracy that changed enough to redraw the circle, and a refresh before the server forgets', () => {
    expect(shouldSendFix(origin, north(0, 3_000, 30))).toBe(true);
    expect(shouldSendFix(origin, north(0, 3_000, 5))).toBe(false);
    expect(shouldSendFix(origin, north(0, 5 * 60_000))).toBe(true);
  });

  test('distances in metres on the ground', () => {
    expect(metresBetween(origin, north(100, 0))).toBeCloseTo(100, 0);
  });
});

describe("the colleagues' positions on the map", () => {
  const people = new Map<string, TeamMember>([
    ['me', { name: 'Moi', colour: '#8b5cf6', state: 'active' }],
    ['damien', { name: 'Damien Petit', colour: '#ec4899', state: 'idle' }],
    ['gone', { name: 'Parti', colour: '#06b6d4', state: 'offline' }],
  ]);
  const position = (userId: string, accuracy = 5): RtPosition => ({ userId, lon: 1.2, lat: 43.5, accuracy, heading: null, at: '2026-12-06T22:00:00Z' });

  test("a dot and an accuracy circle in each colleague's colour; not one's own, not those gone", () => {
    const { features } = teamFeatures([position('me'), position('damien', 10), position('gone'), position('unknown')], people, 'me');
    expect(features.map((f) => [f.properties?.userId, f.properties?.part])).toEqual([['damien', 'accuracy'], ['damien', 'dot']]);
    expect(features.every((f) => f.properties?.colour === '#ec4899' && f.properties?.idle === true)).toBe(true);
    // The circle is the accuracy: 10 m from the point, in every direction.
    const ring = (features[0]!.geometry as GeoJSON.Polygon).coordinates[0]!;
    for (const [lon, lat] of ring) expect(metresBetween({ lon: 1.2, lat: 43.5 }, { lon: lon!, lat: lat! })).toBeCloseTo(10, 1);
  });
});
