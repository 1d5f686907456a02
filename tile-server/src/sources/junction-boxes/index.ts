import { type VectorSource, band } from '../source';

export const junctionBoxes: VectorSource = {
  kind: 'vector',
  id: 'junction_boxes',
  description: 'Junction boxes: points from z16',
  minzoom: 16,
  maxzoom: 22,
  fields: { id: 'String', code: 'String', inverter_id: 'String', plant_id: 'String' },
  bands: [band(import.meta.url, 'points.sql', 'junction_boxes', 16, 22)],
};
