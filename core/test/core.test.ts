import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  MESSAGES, MAP_STATUSES, STATUS_COLORS, describeIssue, negotiateLocale, parseCrs, suggestProjectedSrid, t, worstStatus,
} from '@calepin/core';

describe('module statuses', () => {
  it('keep their fixed colours', () => {
    expect(STATUS_COLORS).toEqual({
      ok: '#22c55e', inequality: '#eab308', microcracks: '#f97316', dead: '#ef4444',
      string_open: '#3b82f6', not_connected: '#374151', pending: '#e5e7eb',
    });
    expect(MAP_STATUSES).toHaveLength(7);
  });

  it('derive the worst of several', () => {
    expect(worstStatus([])).toBe('ok');
    expect(worstStatus(['inequality', 'dead', 'microcracks'])).toBe('dead');
    expect(worstStatus(['microcracks', 'inequality'])).toBe('microcracks');
  });
});

describe('CRS names', () => {
  it('are read in every common spelling', () => {
    expect(parseCrs('EPSG:2154')).toBe(2154);
    expect(parseCrs('epsg:32631')).toBe(32631);
    expect(parseCrs('urn:ogc:def:crs:EPSG::2154')).toBe(2154);
    expect(parseCrs('urn:ogc:def:crs:EPSG:9.9.1:2154')).toBe(2154);
    expect(parseCrs('http://www.opengis.net/def/crs/EPSG/0/3857')).toBe(3857);
    expect(parseCrs('urn:ogc:def:crs:OGC:1.3:CRS84')).toBe(4326);
    expect(parseCrs('Lambert 93')).toBeNull();
    expect(parseCrs('EPSG:0')).toBeNull();
  });

  it('suggest Lambert-93 in France and the UTM zone elsewhere', () => {
    expect(suggestProjectedSrid(1.44, 43.6)).toBe(2154);
    expect(suggestProjectedSrid(9.2, 42.1)).toBe(2154);
    expect(suggestProjectedSrid(13.4, 52.5)).toBe(32633);
    expect(suggestProjectedSrid(-70.6, -33.4)).toBe(32719);
  });
});

describe('languages', () => {
  it('French for French browsers, English otherwise', () => {
    expect(negotiateLocale('fr-FR,fr;q=0.9,en-US;q=0.8')).toBe('fr');
    expect(negotiateLocale('de-DE,de;q=0.9,fr;q=0.5')).toBe('fr');
    expect(negotiateLocale('de-DE,en;q=0.5,fr;q=0.4')).toBe('en');
    expect(negotiateLocale('fr;q=0,en')).toBe('en');
    expect(negotiateLocale(undefined)).toBe('en');
  });

  it('have every message in both languages, with the same placeholders', () => {
    for (const key of Object.keys(MESSAGES.en) as (keyof typeof MESSAGES.en)[]) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect([key, names(MESSAGES.fr[key])]).toEqual([key, names(MESSAGES.en[key])]);
    }
    expect(t('fr', 'e.rate_limited', { seconds: 30 })).toBe('trop de tentatives : réessayez dans 30 s');
  });

  it('describe validation issues as short predicates', () => {
    const issues = z
      .object({ name: z.string().min(1), n: z.number().max(5), kind: z.enum(['a', 'b']) })
      .safeParse({ name: '', n: 9, kind: 'c' }, { reportInput: true }).error?.issues ?? [];
    expect(issues.map((i) => describeIssue(i, 'en'))).toEqual(['must not be empty', 'must be at most 5', 'must be one of: a, b']);
    const missing = z.object({ name: z.string() }).safeParse({}, { reportInput: true }).error?.issues ?? [];
    expect(missing.map((i) => describeIssue(i, 'fr'))).toEqual(['est obligatoire']);
  });
});
