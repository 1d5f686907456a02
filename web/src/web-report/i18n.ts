// The words of the interactive web report (/plants/:id/report and /shared/:token) and of
// the report page's share links; en.ts and fr.ts take them under `webReport`.
export const webReportEn = {
  title: 'Web report', subtitle: '{{plant}} — interactive audit report', open: 'Interactive web report',
  sharedBy: 'Shared report: {{title}} (link valid until {{date}})', view3d: '3D view', pdf: 'PDF reports',
  timeline: { title: 'Audits over time', intro: 'Click an audit to colour the map by its results.', none: 'No audit with module results yet.', modules: '{{count}} modules', notValidated: 'not validated' },
  map: {
    title: 'Plant map — {{audit}}', hint: 'Click a module to see its defects, photos and history.',
    show: 'View', plan: 'Map', three: '3D', hint3d: 'In 3D each module has the colour of its status in the chosen audit. Drag to turn, scroll to zoom, click a module.',
  },
  history: { title: 'History of this module', notInspected: 'not inspected' },
  compare: {
    title: 'Compare two audits', with: 'Compared with', none: 'Only one audit: nothing to compare yet.',
    mode: 'Show', single: 'This audit only', difference: 'Difference map', sideBySide: 'Side by side', before: 'Before', after: 'After',
    change: { new: 'New', persisting: 'Persisting', worsened: 'Worsened', improved: 'Improved', repaired: 'Repaired' },
  },
  charts: {
    title: 'Statistics', rateInverter: 'Defect rate per inverter', rateString: 'Defect rate per string (the 15 highest)', rateZone: 'Defect rate per zone',
    severity: 'Defects by severity', losses: 'Estimated loss by repair (€/year)', lossesKwh: 'Estimated loss by repair (kWh/year)',
    lost: '{{kwh}} kWh/year lost', lostEur: '{{eur}} €/year lost', noData: 'Nothing to show.',
    actions: { replace_module: 'Replace the module', reconnect_string: 'Reconnect the string', reconnect_module: 'Reconnect the module', replace_diode: 'Replace the diode', clean: 'Clean', monitor: 'Monitor' },
  },
  exports: { title: 'Download the data', excel: 'Excel (.xlsx)', csvModules: 'CSV — module results', csvDefects: 'CSV — defects' },
  shares: {
    title: 'Share links of the web report', intro: 'Anyone holding a link reads this plant’s web report, without an account, until it expires or is revoked.',
    label: 'For whom (optional)', days: 'Valid for (days)', create: 'Make a link', created: 'The link (shown once; copy it now):', copy: 'Copy',
    none: 'No link yet.', revoke: 'Revoke', state: { active: 'active', expired: 'expired', revoked: 'revoked' }, until: 'until {{date}}', by: 'by {{name}}',
  },
  shared: { gone: 'This link no longer opens anything.' },
};

export const webReportFr: typeof webReportEn = {
  title: 'Rapport web', subtitle: '{{plant}} — rapport d’audit interactif', open: 'Rapport web interactif',
  sharedBy: 'Rapport partagé\u00a0: {{title}} (lien valable jusqu’au {{date}})', view3d: 'Vue 3D', pdf: 'Rapports PDF',
  timeline: { title: 'Les audits dans le temps', intro: 'Cliquez sur un audit pour colorer la carte selon ses résultats.', none: 'Aucun audit avec des résultats par module pour l’instant.', modules: '{{count}} modules', notValidated: 'non validé' },
  map: {
    title: 'Carte de la centrale — {{audit}}', hint: 'Cliquez sur un module pour voir ses défauts, ses photos et son historique.',
    show: 'Vue', plan: 'Carte', three: '3D', hint3d: 'En 3D chaque module a la couleur de son état dans l’audit choisi. Glissez pour tourner, molette pour zoomer, cliquez un module.',
  },
  history: { title: 'Historique de ce module', notInspected: 'non inspecté' },
  compare: {
    title: 'Comparer deux audits', with: 'Comparé avec', none: 'Un seul audit\u00a0: rien à comparer pour l’instant.',
    mode: 'Afficher', single: 'Cet audit seul', difference: 'Carte des différences', sideBySide: 'Côte à côte', before: 'Avant', after: 'Après',
    change: { new: 'Nouveau', persisting: 'Persistant', worsened: 'Aggravé', improved: 'Amélioré', repaired: 'Réparé' },
  },
  charts: {
    title: 'Statistiques', rateInverter: 'Taux de défauts par onduleur', rateString: 'Taux de défauts par chaîne (les 15 plus élevés)', rateZone: 'Taux de défauts par zone',
    severity: 'Défauts par gravité', losses: 'Perte estimée par réparation (€/an)', lossesKwh: 'Perte estimée par réparation (kWh/an)',
    lost: '{{kwh}} kWh/an perdus', lostEur: '{{eur}} €/an perdus', noData: 'Rien à afficher.',
    actions: { replace_module: 'Remplacer le module', reconnect_string: 'Reconnecter la chaîne', reconnect_module: 'Reconnecter le module', replace_diode: 'Remplacer la diode', clean: 'Nettoyer', monitor: 'Surveiller' },
  },
  exports: { title: 'Télécharger les données', excel: 'Excel (.xlsx)', csvModules: 'CSV — résultats par module', csvDefects: 'CSV — défauts' },
  shares: {
    title: 'Liens de partage du rapport web', intro: 'Toute personne qui détient un lien lit le rapport web de cette centrale, sans compte, jusqu’à son expiration ou sa révocation.',
    label: 'Pour qui (facultatif)', days: 'Valable (jours)', create: 'Créer un lien', created: 'Le lien (affiché une seule fois\u00a0; copiez-le maintenant)\u00a0:', copy: 'Copier',
    none: 'Aucun lien pour l’instant.', revoke: 'Révoquer', state: { active: 'actif', expired: 'expiré', revoked: 'révoqué' }, until: 'jusqu’au {{date}}', by: 'par {{name}}',
  },
  shared: { gone: 'Ce lien n’ouvre plus rien.' },
};
