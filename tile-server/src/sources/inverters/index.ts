import { type VectorSource, band } from '../source';

export const inverters: VectorSource = {
  kind: 'vector',
  id: 'inverters',
  description: 'Inverters: points from z14',
  minzoom: 14,
  maxzoom: 22,
  fields: { id: 'String', code: 'String', rated_power_kw: 'Number', plant_id: 'String' },
  bands: [band(import.meta.url, 'points.sql', 'inverters', 14, 22)],
};
