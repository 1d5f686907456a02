import { type VectorSource, band } from '../source';

export const defects: VectorSource = {
  kind: 'vector',
  id: 'defects',
  description: 'Open defects: grid clusters with count and worst severity up to z16, every defect from z17 (with its module’s string and inverter)',
  minzoom: 0,
  maxzoom: 22,
  fields: {
    id: 'String', count: 'Number', severity: 'String', status: 'String', audit_type: 'String',
    defect_type: 'String', module_code: 'String', iec_class: 'Number', delta_t_c: 'Number',
    audit_id: 'String', plant_id: 'String', string_id: 'String', inverter_id: 'String',
  },
  bands: [band(import.meta.url, 'clusters.sql', 'defects', 0, 16), band(import.meta.url, 'individual.sql', 'defects', 17, 22)],
};
