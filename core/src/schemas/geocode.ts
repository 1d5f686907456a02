import { z } from 'zod';
import { singleLine } from './common';

/** GET /geocode: an address or place typed by a person. */
export const GeocodeQuery = z.object({
  q: singleLine(z.string().trim().min(3).max(200)).describe('Address, place or town, at least 3 characters'),
  limit: z.coerce.number().int().min(1).max(10).default(5),
});
export type GeocodeQuery = z.infer<typeof GeocodeQuery>;

export const GeocodeHit = z
  .object({
    label: z.string().describe('The place as the geocoder writes it (e.g. "8 Boulevard du Port 80000 Amiens")'),
    kind: z.string().describe('housenumber, street, locality, municipality, or what the geocoder calls it'),
    lon: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
    bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable().describe('[west, south, east, north] when the geocoder gives one'),
  })
  .meta({ id: 'GeocodeHit' });
export type GeocodeHit = z.infer<typeof GeocodeHit>;

export const GeocodeResults = z.object({ items: z.array(GeocodeHit) }).meta({ id: 'GeocodeResults' });
export type GeocodeResults = z.infer<typeof GeocodeResults>;
