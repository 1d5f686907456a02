// The words of the plans screens; en.ts and fr.ts take them under `plans`.
export const plansEn = {
  title: 'Plans', empty: 'No plan yet.', name: 'Name', format: 'Format', status: 'Status', size: 'Size', date: 'Added',
  upload: 'Upload the plan', sending: 'Uploading the file', uploading: 'Uploading… {{percent}}', choose: 'Choose a plan…', noFile: 'No plan chosen',
  worldFile: 'World file (.pgw, .jgw, .tfw, .wld)', prj: 'Projection (.prj)', optional: 'optional',
  accepted: 'PDF, PNG, JPG, TIFF, GeoTIFF, GeoPDF, DXF or DWG. A GeoTIFF, a GeoPDF, an image with its world file or a DXF in a declared CRS lands in place by itself.',
  sidecars: 'Georeferencing files', namePlaceholder: 'Name (default: the file name)',
  processing: 'Processing…', jobQueued: 'Waiting for its turn…', jobDone: 'Done', jobFailed: 'Failed',
  statuses: { processing: 'Processing', needs_georeferencing: 'To georeference', georeferenced: 'Georeferenced', failed: 'Failed' },
  methods: {
    geotiff: 'GeoTIFF tags', geopdf: 'GeoPDF', worldfile: 'World file', dxf_crs: 'CRS of the drawing',
    control_points: 'Control points',
  },
  georeference: 'Georeference', regeoreference: 'Control points', remove: 'Remove', confirmRemove: 'Remove the plan “{{name}}”?',
  page: 'Page', pageOf: 'page {{page}} of {{pages}}', layers: 'Outline layers', layersHint: 'Tick the layers that hold module or table outlines.',
  saveLayers: 'Keep these layers', features: '{{count}} feature(s)', rms: 'RMS {{value}}',
  readOnly: 'Plans are shown over the plant map.', showOnMap: 'Show on the map', downloadGeotiff: 'Download the GeoTIFF',
  overlay: {
    title: 'Plans', none: 'No georeferenced plan.', visible: 'Show {{name}}', opacity: 'Opacity of {{name}}',
  },
  editor: {
    title: 'Georeference “{{name}}”', plan: 'Plan', map: 'Plant map',
    help: 'Click a point on the plan, then its place on the map. Drag a marker to move it.',
    pickPlan: 'Click a point on the plan.', pickMap: 'Now click its place on the map (Esc to cancel).',
    points: 'Control points', noPoints: 'No control point yet.', point: 'Point', residual: 'Residual',
    delete: 'Delete point {{n}}', transform: 'Transform', rms: 'RMS', needs: 'needs {{count}} points',
    transforms: {
      helmert: 'Similarity (Helmert)', affine: 'Affine', poly2: 'Polynomial, order 2', poly3: 'Polynomial, order 3',
      tps: 'Thin-plate spline',
    },
    looNote: 'A thin-plate spline passes through every point: each residual is that of the spline fitted without the point.',
    crs: 'Residuals in metres, in the plant’s CRS EPSG:{{srid}}.',
    save: 'Save and warp', saving: 'Saving…', warping: 'Warping the plan…', done: 'The plan is georeferenced.',
    openMap: 'See it on the map', back: 'Back to the plant', imageLoading: 'Loading the plan…',
    tooFew: 'Add at least {{count}} points for this transform.',
    crsUnknown: 'EPSG:{{srid}} is not known to the browser: residuals are computed by the server.',
  },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export const plansFr: Widen<typeof plansEn> = {
  title: 'Plans', empty: 'Aucun plan pour l’instant.', name: 'Nom', format: 'Format', status: 'État', size: 'Taille', date: 'Ajouté le',
  upload: 'Envoyer le plan', sending: 'Envoi du fichier', uploading: 'Envoi… {{percent}}', choose: 'Choisir un plan…', noFile: 'Aucun plan choisi',
  worldFile: 'Fichier de géoréférencement (.pgw, .jgw, .tfw, .wld)', prj: 'Projection (.prj)', optional: 'facultatif',
  accepted: 'PDF, PNG, JPG, TIFF, GeoTIFF, GeoPDF, DXF ou DWG. Un GeoTIFF, un GeoPDF, une image avec son fichier de géoréférencement ou un DXF dans un SCR déclaré se place tout seul.',
  sidecars: 'Fichiers de géoréférencement', namePlaceholder: 'Nom (par défaut : celui du fichier)',
  processing: 'Traitement…', jobQueued: 'En attente de son tour…', jobDone: 'Terminé', jobFailed: 'Échec',
  statuses: { processing: 'En traitement', needs_georeferencing: 'À géoréférencer', georeferenced: 'Géoréférencé', failed: 'Échec' },
  methods: {
    geotiff: 'Balises GeoTIFF', geopdf: 'GeoPDF', worldfile: 'Fichier de géoréférencement', dxf_crs: 'SCR du dessin',
    control_points: 'Points de calage',
  },
  georeference: 'Géoréférencer', regeoreference: 'Points de calage', remove: 'Retirer', confirmRemove: 'Retirer le plan « {{name}} » ?',
  page: 'Page', pageOf: 'page {{page}} sur {{pages}}', layers: 'Calques des contours', layersHint: 'Cochez les calques qui portent les contours des modules ou des tables.',
  saveLayers: 'Garder ces calques', features: '{{count}} objet(s)', rms: 'EMQ {{value}}',
  readOnly: 'Les plans sont affichés sur la carte de la centrale.', showOnMap: 'Voir sur la carte', downloadGeotiff: 'Télécharger le GeoTIFF',
  overlay: {
    title: 'Plans', none: 'Aucun plan géoréférencé.', visible: 'Afficher {{name}}', opacity: 'Opacité de {{name}}',
  },
  editor: {
    title: 'Géoréférencer « {{name}} »', plan: 'Plan', map: 'Carte de la centrale',
    help: 'Cliquez un point du plan, puis sa place sur la carte. Faites glisser un repère pour le déplacer.',
    pickPlan: 'Cliquez un point du plan.', pickMap: 'Cliquez maintenant sa place sur la carte (Échap pour annuler).',
    points: 'Points de calage', noPoints: 'Aucun point de calage.', point: 'Point', residual: 'Résidu',
    delete: 'Supprimer le point {{n}}', transform: 'Transformation', rms: 'EMQ', needs: '{{count}} points requis',
    transforms: {
      helmert: 'Similitude (Helmert)', affine: 'Affine', poly2: 'Polynôme d’ordre 2', poly3: 'Polynôme d’ordre 3',
      tps: 'Spline de plaque mince',
    },
    looNote: 'Une spline de plaque mince passe par chaque point : le résidu d’un point est celui de la spline calculée sans lui.',
    crs: 'Résidus en mètres, dans le SCR de la centrale EPSG:{{srid}}.',
    save: 'Enregistrer et recaler', saving: 'Enregistrement…', warping: 'Recalage du plan…', done: 'Le plan est géoréférencé.',
    openMap: 'Le voir sur la carte', back: 'Retour à la centrale', imageLoading: 'Chargement du plan…',
    tooFew: 'Ajoutez au moins {{count}} points pour cette transformation.',
    crsUnknown: 'EPSG:{{srid}} est inconnu du navigateur : les résidus sont calculés par le serveur.',
  },
};
