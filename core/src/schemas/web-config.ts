import { z } from 'zod';

const Basemap = z
  .object({
    id: z.string().describe('Stable id (remembered per user on the device; the apps name ign-ortho and ign-plan themselves)'),
    label: z.string().nullable().describe('Name to show when the app has none for this id'),
    url: z.string().describe('Raster tile URL template ({z}/{x}/{y}, or {bbox-epsg-3857} for WMS)'),
    attribution: z.string().nullable(),
    maxzoom: z.number().int().describe('Deepest zoom of the service (enlarged further in)'),
    defaultWithin: z
      .tuple([z.number(), z.number(), z.number(), z.number()])
      .nullable()
      .describe('[west, south, east, north]: the default basemap of a map centred there'),
  })
  .meta({ id: 'Basemap' });

/** What the web app needs to know about this server before anyone logs in. */
export const WebConfig = z
  .object({
    basemaps: z.array(Basemap).describe('Raster basemaps offered besides the plain, offline background (BASEMAPS), in order'),
    glyphs: z.string().describe('Glyph (font) URL template for map labels, same origin: {fontstack}/{range}.pbf'),
    geocoder: z.boolean().describe('Address search is available (GEOCODER_URL)'),
    demo: z.boolean().describe('Demo mode: the demo accounts may log in'),
    tiles: z.string().describe('Vector tile URL template, same origin'),
  })
  .meta({ id: 'WebConfig' });
export type WebConfig = z.infer<typeof WebConfig>;
export type Basemap = WebConfig['basemaps'][number];
