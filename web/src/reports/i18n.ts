// The words of a plant's reports list; en.ts and fr.ts take them under `reports`.
export const reportsEn = {
  title: 'Reports', empty: 'No report on this plant yet.',
  columns: { title: 'Report', audit: 'Audit', status: 'Status', pages: 'Pages', rendered: 'Rendered', pdf: 'PDF' },
  statuses: { draft: 'Draft', validated: 'Validated', sent: 'Sent', archived: 'Archived' },
  rendering: 'Rendering…', download: 'PDF · {{size}}',
  create: { title: 'New report', audit: 'Audit', language: 'Language', withPlans: 'The plant’s georeferenced plans under the maps', mapPages: 'Detail maps', pagesBy: { inverter: 'One page per inverter', zone: 'One page per zone' }, submit: 'Create the draft', noAudit: 'No audit with module results on this plant.', running: 'Rendering the draft' },
  steps: { statistics: 'Computing the statistics', maps: 'Drawing the maps', pdf: 'Printing the PDF', storing: 'Storing the PDF' },
  languages: { fr: 'French', en: 'English' },
};

export const reportsFr: typeof reportsEn = {
  title: 'Rapports', empty: 'Aucun rapport sur cette centrale pour l’instant.',
  columns: { title: 'Rapport', audit: 'Audit', status: 'État', pages: 'Pages', rendered: 'Rendu le', pdf: 'PDF' },
  statuses: { draft: 'Brouillon', validated: 'Validé', sent: 'Envoyé', archived: 'Archivé' },
  rendering: 'Rendu en cours…', download: 'PDF · {{size}}',
  create: { title: 'Nouveau rapport', audit: 'Audit', language: 'Langue', withPlans: 'Les plans géoréférencés de la centrale sous les cartes', mapPages: 'Cartes de détail', pagesBy: { inverter: 'Une page par onduleur', zone: 'Une page par zone' }, submit: 'Créer le brouillon', noAudit: 'Aucun audit avec des résultats de modules sur cette centrale.', running: 'Rendu du brouillon' },
  steps: { statistics: 'Calcul des statistiques', maps: 'Dessin des cartes', pdf: 'Impression du PDF', storing: 'Enregistrement du PDF' },
  languages: { fr: 'Français', en: 'Anglais' },
};
