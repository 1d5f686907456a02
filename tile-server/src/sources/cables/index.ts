import { type VectorSource, band } from '../source';

export const cables: VectorSource = {
  kind: 'vector',
  id: 'cables',
  description:
    'Cables: merged per kind at z15–17 (AC from z15, main DC from z16, string DC from z17), every cable with its code and length in metres from z18',
  minzoom: 15,
  maxzoom: 22,
  fields: { id: 'String', code: 'String', kind: 'String', length_m: 'Number', plant_id: 'String' },
  bands: [band(import.meta.url, 'merged.sql', 'cables', 15, 17), band(import.meta.url, 'lines.sql', 'cables', 18, 22)],
};
