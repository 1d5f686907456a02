// BASEMAPS and BASEMAP_URL read into the list of raster basemaps (README, Configuration).
import { type BasemapSpec, DEFAULT_BASEMAPS, PLAIN_BASEMAP, isTileTemplate } from '@calepin/core';
import { z } from 'zod';

export const DEFAULT_GEOCODER_URL = 'https://data.geopf.fr/geocodage/search';

const Template = z
  .string()
  .regex(/^https?:\/\/\S+$/, { error: 'must be an http(s) URL template' })
  .refine(isTileTemplate, { error: 'must contain {z}, {x} and {y} (XYZ / WMTS) or {bbox-epsg-3857} (WMS)' });

const Spec = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { error: 'must be 1 to 40 lower-case letters, digits or "-"' })
    .refine((id) => id !== PLAIN_BASEMAP, { error: `"${PLAIN_BASEMAP}" is the offline background's id` }),
  label: z.string().min(1).max(80).nullable().default(null),
  url: Template,
  attribution: z.string().max(500).nullable().default(null),
  maxzoom: z.number().int().min(0).max(22).default(19),
  defaultWithin: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90), z.number().min(-180).max(180), z.number().min(-90).max(90)]).nullable().default(null),
});

const List = z.array(Spec).max(10).refine((list) => new Set(list.map((b) => b.id)).size === list.length, { error: 'two basemaps have the same id' });

/**
 * BASEMAPS: unset for the IGN defaults, `none` for the plain background alone, or a JSON
 * array of `{id, label, url, attribution, maxzoom, defaultWithin}`. BASEMAP_URL (the one
 * setting of earlier versions), when BASEMAPS is unset, replaces the defaults with that one
 * basemap (`aerial`). A wrong value stops the server with the reason.
 */
export function basemapsFrom(env: { BASEMAPS?: string | undefined; BASEMAP_URL?: string | undefined; BASEMAP_ATTRIBUTION?: string | undefined }): readonly BasemapSpec[] {
  const raw = env.BASEMAPS?.trim();
  if (raw === 'none') return [];
  if (raw) {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new Error('invalid configuration:\n  BASEMAPS: must be none or a JSON array of {id, url, label, attribution, maxzoom, defaultWithin}');
    }
    return parseList('BASEMAPS', json);
  }
  if (env.BASEMAP_URL) {
    return parseList('BASEMAP_URL', [{ id: 'aerial', url: env.BASEMAP_URL, attribution: env.BASEMAP_ATTRIBUTION ?? null }]);
  }
  return DEFAULT_BASEMAPS;
}

function parseList(variable: string, json: unknown): readonly BasemapSpec[] {
  const parsed = List.safeParse(json);
  if (parsed.success) return parsed.data;
  const where = (path: PropertyKey[]) => (variable === 'BASEMAPS' && path.length ? `[${path.join('.')}]` : '');
  const lines = parsed.error.issues.map((i) => `  ${variable}${where(i.path)}: ${i.message}`);
  throw new Error(`invalid configuration:\n${lines.join('\n')}`);
}
