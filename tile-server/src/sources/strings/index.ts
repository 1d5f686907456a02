import { type VectorSource, band } from '../source';

export const strings: VectorSource = {
  kind: 'vector',
  id: 'strings',
  description: 'Strings with their inverter: hulls of their modules at z17–18, exact outlines from z19',
  minzoom: 17,
  maxzoom: 22,
  fields: { id: 'String', code: 'String', inverter: 'String', inverter_id: 'String', plant_id: 'String' },
  bands: [band(import.meta.url, 'hulls.sql', 'strings', 17, 18), band(import.meta.url, 'outlines.sql', 'strings', 19, 22)],
};
