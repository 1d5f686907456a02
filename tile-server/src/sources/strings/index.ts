import { type TileSource, band } from '../source';

export const strings: TileSource = {
  id: 'strings',
  description: 'Strings: outlines of their modules from z16, with their inverter',
  minzoom: 16,
  maxzoom: 22,
  fields: { id: 'String', code: 'String', inverter: 'String', inverter_id: 'String', plant_id: 'String' },
  bands: [band(import.meta.url, 'outlines.sql', 'strings', 16, 22)],
};
