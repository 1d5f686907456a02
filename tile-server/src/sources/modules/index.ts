import { type VectorSource, band } from '../source';

export const modules: VectorSource = {
  kind: 'vector',
  id: 'modules',
  description:
    'Modules coloured by status: each table in its majority status at z15–16, with the other modules drawn over it at z17, every module with its code, string and inverter from z18 (table_id only on the z15–17 tables)',
  minzoom: 15,
  maxzoom: 22,
  fields: {
    id: 'String', code: 'String', status: 'String', string: 'String', string_id: 'String',
    inverter: 'String', inverter_id: 'String', table_id: 'String', plant_id: 'String',
  },
  bands: [
    band(import.meta.url, 'bases.sql', 'modules', 15, 16, 'patches-audit.sql'),
    band(import.meta.url, 'patches.sql', 'modules', 17, 17, 'patches-audit.sql'),
    band(import.meta.url, 'individual.sql', 'modules', 18, 22),
  ],
};
