import { type TileSource, band } from '../source';

export const cables: TileSource = {
  id: 'cables',
  description: 'Cables with their kind and length in metres: AC from z15, main DC from z16, string cables from z17',
  minzoom: 15,
  maxzoom: 22,
  fields: { id: 'String', code: 'String', kind: 'String', length_m: 'Number', plant_id: 'String' },
  bands: [band(import.meta.url, 'lines.sql', 'cables', 15, 22)],
};
