import { type TileSource, band } from '../source';

export const tables: TileSource = {
  id: 'tables',
  description: 'Tables (module racks): outlines from z14',
  minzoom: 14,
  maxzoom: 22,
  fields: { id: 'String', code: 'String', plant_id: 'String' },
  bands: [band(import.meta.url, 'outlines.sql', 'tables', 14, 22)],
};
