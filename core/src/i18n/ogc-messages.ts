// Messages of the OGC services added for QGIS editing and hostile requests (issues 13
// and 21), in English and French. The older e.ogc_* keys live in messages.ts.

export const ogcEn = {
  'e.ogc_property_derived': '{name} of {layer} is computed by Calepin and cannot be changed',
  'e.ogc_xml_too_deep': 'the document nests elements more than {max} levels deep',
  'e.ogc_filter_too_large': 'the filter has more than {max} operators',
} as const;

export type OgcMessageKey = keyof typeof ogcEn;

export const ogcFr: Record<OgcMessageKey, string> = {
  'e.ogc_property_derived': '{name} de {layer} est calculé par Calepin et ne peut pas être modifié',
  'e.ogc_xml_too_deep': 'le document imbrique des éléments sur plus de {max} niveaux',
  'e.ogc_filter_too_large': 'le filtre a plus de {max} opérateurs',
};
