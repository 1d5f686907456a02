import { MAP_STATUSES } from '@calepin/core';
import { type FieldType, type VectorSource, band } from '../source';

const counts = Object.fromEntries(MAP_STATUSES.map((s) => [s, 'Number'])) as Record<string, FieldType>;

export const plants: VectorSource = {
  kind: 'vector',
  id: 'plants',
  description: 'Plants: points with module counts by status up to z12, boundaries from z13',
  minzoom: 0,
  maxzoom: 22,
  fields: { id: 'String', name: 'String', client_id: 'String', peak_kwp: 'Number', module_count: 'Number', ...counts },
  bands: [band(import.meta.url, 'points.sql', 'plants', 0, 12), band(import.meta.url, 'outlines.sql', 'plants', 13, 22)],
  summarisesPlants: true,
};
