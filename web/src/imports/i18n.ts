// The words of the DiagPV import screen; en.ts and fr.ts take them under `imports`.
export const importsEn = {
  nav: 'Import',
  title: 'Import EL audits from DiagPV',
  intro:
    'Upload an export of the current platform (.sql). Nothing is created until you import: first read what the file holds and how it will be mapped. Importing the same file again creates nothing twice.',
  file: 'Export file (.sql)', reading: 'Reading the file…',
  clients: 'Clients', plants: 'Plants', audits: 'Audits', mapping: 'Mapping of defect types', severities: 'Severities', warnings: 'Read before importing',
  isNew: 'new', existing: 'existing', already: 'already imported',
  project: 'Project', client: 'Client', address: 'Address', layout: 'Layout',
  newGrid: 'new grid of {{rows}} rows × {{columns}} columns (one table per row)',
  matchCodes: '{{matched}} modules matched by code on the existing layout; {{unmatched}} without a match',
  location: 'Grid centre', longitude: 'Longitude', latitude: 'Latitude', azimuth: 'Facing (°)',
  locationHint: 'Where to put the grid; you then move and rotate its tables onto the roof in the layout editor.',
  date: 'Date', modules: 'Modules', strings: 'Strings', comments: 'Comments',
  theirs: 'DiagPV', ours: 'Calepin defect type', status: 'Module status', count: 'Count', noDefect: '— (no defect)',
  level: 'Level {{level}}',
  import: 'Import', importing: 'Importing…',
  done: 'Imported.', created: 'created', found: 'found again', results: '{{results}} module results, {{defects}} findings',
  modulesCreated: '{{count}} modules laid out', placeIt: 'Place and rotate the layout', review: 'Review the audit', openPlant: 'Open the plant',
};

export const importsFr: typeof importsEn = {
  nav: 'Import',
  title: 'Importer des audits EL de DiagPV',
  intro:
    'Chargez un export de la plateforme actuelle (.sql). Rien n’est créé avant l’import : lisez d’abord ce que contient le fichier et comment il sera converti. Importer de nouveau le même fichier ne crée rien deux fois.',
  file: 'Fichier d’export (.sql)', reading: 'Lecture du fichier…',
  clients: 'Clients', plants: 'Centrales', audits: 'Audits', mapping: 'Correspondance des types de défaut', severities: 'Gravités', warnings: 'À lire avant d’importer',
  isNew: 'nouveau', existing: 'existant', already: 'déjà importé',
  project: 'Projet', client: 'Client', address: 'Adresse', layout: 'Calepinage',
  newGrid: 'nouvelle grille de {{rows}} rangées × {{columns}} colonnes (une table par rangée)',
  matchCodes: '{{matched}} modules reconnus par leur code sur le calepinage existant ; {{unmatched}} sans correspondance',
  location: 'Centre de la grille', longitude: 'Longitude', latitude: 'Latitude', azimuth: 'Orientation (°)',
  locationHint: 'Où poser la grille ; vous déplacez et tournez ensuite ses tables sur la toiture dans l’éditeur de calepinage.',
  date: 'Date', modules: 'Modules', strings: 'Chaînes', comments: 'Commentaires',
  theirs: 'DiagPV', ours: 'Type de défaut Calepin', status: 'État du module', count: 'Nombre', noDefect: '— (aucun défaut)',
  level: 'Niveau {{level}}',
  import: 'Importer', importing: 'Import en cours…',
  done: 'Import terminé.', created: 'créé', found: 'retrouvé', results: '{{results}} résultats de modules, {{defects}} constats',
  modulesCreated: '{{count}} modules disposés', placeIt: 'Placer et orienter le calepinage', review: 'Revoir l’audit', openPlant: 'Ouvrir la centrale',
};
