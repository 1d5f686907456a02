import { z } from 'zod';

/** What the web app needs to know about this server before anyone logs in. */
export const WebConfig = z
  .object({
    basemap: z
      .object({
        url: z.string().describe('Raster tile URL template ({z}/{x}/{y}, or {bbox-epsg-3857} for WMS)'),
        attribution: z.string().nullable(),
      })
      .nullable()
      .describe('The raster basemap configured by BASEMAP_URL, or null: the offline style only'),
    demo: z.boolean().describe('Demo mode: the demo accounts may log in'),
    tiles: z.string().describe('Vector tile URL template, same origin'),
  })
  .meta({ id: 'WebConfig' });
export type WebConfig = z.infer<typeof WebConfig>;
