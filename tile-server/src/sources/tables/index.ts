import { type VectorSource, band } from '../source';

export const tables: VectorSource = {
  kind: 'vector',
  id: 'tables',
  description: 'Tables: merged into their blocks at z13–14, each table outlined from z17',
  minzoom: 13,
  maxzoom: 22,
  fields: { id: 'String', code: 'String', name: 'String', kind: 'String', plant_id: 'String' },
  bands: [band(import.meta.url, 'blocks.sql', 'tables', 13, 14), band(import.meta.url, 'outlines.sql', 'tables', 17, 22)],
};
