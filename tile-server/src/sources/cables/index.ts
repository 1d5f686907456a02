import { type TileSource, band } from '../source';

export const cables: TileSource = {
  id: 'cables',
  description: 'Cables: lines from z15, with their kind and length in metres',
  minzoom: 15,
  maxzoom: 22,
  fields: { id: 'String', code: 'String', kind: 'String', length_m: 'Number', plant_id: 'String' },
  bands: [band(import.meta.url, 'lines.sql', 'cables', 15, 22)],
};
