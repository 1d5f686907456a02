import type { Messages } from './en';
import { layoutFr } from '../layout-editor/i18n/fr';
import { plansFr } from '../plans/i18n';
import { tokensFr } from '../tokens/i18n';
import { importsFr } from '../imports/i18n';
import { reportWorkflowFr } from '../report-workflow/i18n';
import { webReportFr } from '../web-report/i18n';
import { reviewFr } from '../review/i18n';
import { missionsFr } from '../missions/i18n';
import { liveFr } from '../missions/live-i18n';
import { progressFr } from '../missions/progress-i18n';
import { reportsFr } from '../reports/i18n';

export const fr: Messages = {
  app: { name: 'Calepin', tagline: 'Diagnostic de centrales PV' },
  nav: { dashboard: 'Tableau de bord', clients: 'Clients', plants: 'Centrales', logout: 'Se déconnecter', language: 'Langue', main: 'Menu principal',
    refusedStaff: 'La page {{path}} est réservée au personnel de la société de diagnostic : voici vos centrales à la place.',
    refusedAdmin: 'La page {{path}} est réservée aux administrateurs : voici les centrales à la place.',
    users: 'Utilisateurs',
    refusedManager: 'La page {{path}} demande un compte responsable ou administrateur : voici les centrales à la place.',
  },
  common: {
    save: 'Enregistrer', saving: 'Enregistrement…', cancel: 'Annuler', edit: 'Modifier', archive: 'Archiver', create: 'Créer',
    search: 'Rechercher', loading: 'Chargement…', none: 'Aucun', back: 'Retour', yes: 'Oui', no: 'Non', close: 'Fermer',
    all: 'Tous', download: 'Télécharger', remove: 'Retirer', open: 'Ouvrir', total: 'Total', retry: 'Réessayer',
    confirmArchive: 'Archiver « {{name}} » ? Il disparaît des listes ; son historique est conservé.',
    saved: 'Enregistré', readOnly: 'Lecture seule', results: '{{count}} résultat(s)', previous: 'Précédent', next: 'Suivant',
    page: 'Page {{page}} sur {{pages}}',
  },
  error: {
    network: 'Le serveur est injoignable. Vérifiez votre connexion et réessayez.',
    http: 'Le serveur a répondu par une erreur ({{status}}).',
    notFound: 'Introuvable, ou non visible avec votre compte.',
    title: 'Un problème est survenu',
    form: 'Corrigez les champs signalés en rouge.',
  },
  login: {
    title: 'Connexion', email: 'E-mail', password: 'Mot de passe', submit: 'Se connecter', submitting: 'Connexion…',
    demo: 'Comptes de démonstration (mot de passe calepin-demo)',
  },
  roles: { admin: 'Administrateur', manager: 'Gestionnaire', technician: 'Technicien', client: 'Client' },
  dashboard: {
    title: 'Tableau de bord', clients: 'Clients', plants: 'Centrales', peakPower: 'Puissance crête', modules: 'Modules',
    modulesAudited: 'Modules audités', audits: 'Audits réalisés', openDefects: 'Défauts ouverts',
    modulesByStatus: 'Modules par statut', defectsByStatus: 'Défauts ouverts par statut induit',
    defectsBySeverity: 'Défauts ouverts par gravité', defectsByType: 'Défauts ouverts par type', auditsByType: 'Audits par type',
    auditedShare: '{{share}} des modules',
  },
  users: {
    title: 'Comptes utilisateurs', new: 'Nouveau compte', searchPlaceholder: 'Nom ou e-mail', allRoles: 'Tous les rôles',
    empty: 'Aucun compte ne correspond.', lastLogin: 'Dernière connexion', state: 'État', active: 'Actif', disabled: 'Désactivé',
    fields: {
      fullName: 'Nom complet', email: 'E-mail', role: 'Rôle', clientId: 'Société (client)', locale: 'Langue',
      phone: 'Téléphone', password: 'Mot de passe', newPassword: 'Nouveau mot de passe (vide : inchangé)',
    },
    passwordHint: 'Au moins 10 caractères.',
    clientHint: 'Un utilisateur client ne voit que les centrales et rapports de cette société.',
    selfRole: 'Vous ne pouvez pas changer votre propre rôle.',
    disableLabel: 'Désactivé : ne peut plus se connecter ; ses sessions ouvertes prennent fin aussitôt',
    delete: 'Supprimer le compte',
    confirmDelete: 'Supprimer le compte de {{name}} ? Ses sessions prennent fin aussitôt ; ce qu’il a saisi reste.',
  },
  clients: {
    title: 'Clients', new: 'Nouveau client', edit: 'Modifier le client', searchPlaceholder: 'Nom, ville ou SIRET',
    empty: 'Aucun client ne correspond.', plantCount: 'Centrales', archived: 'Client archivé',
    fields: {
      name: 'Nom', legalName: 'Raison sociale', siret: 'SIRET', vatNumber: 'N° de TVA', address: 'Adresse',
      postalCode: 'Code postal', city: 'Ville', country: 'Pays (code ISO)', email: 'E-mail', phone: 'Téléphone', notes: 'Notes',
    },
  },
  plants: {
    title: 'Centrales', new: 'Nouvelle centrale', edit: 'Modifier la centrale', searchPlaceholder: 'Nom, référence ou ville',
    empty: 'Aucune centrale ne correspond.', openMap: 'Ouvrir la carte', details: 'Détails', boundary: 'Contour',
    noBoundary: 'Aucun contour dessiné.', archived: 'Centrale archivée', allClients: 'Tous les clients',
    fields: {
      clientId: 'Client', name: 'Nom', reference: 'Référence', mounting: 'Implantation', address: 'Adresse',
      postalCode: 'Code postal', city: 'Ville', country: 'Pays (code ISO)', peakKwp: 'Puissance crête (kWc)',
      commissioningDate: 'Date de mise en service', srid: 'SRC projeté (code EPSG)', boundary: 'Contour',
      tariffEurPerKwh: 'Tarif (€/kWh)', specificYieldKwhPerKwp: 'Productible spécifique (kWh/kWc/an)', timezone: 'Fuseau horaire', notes: 'Notes', moduleCount: 'Modules',
      location: 'Position',
    },
    specificYieldHint: 'Pour les €/an des pertes dans les rapports ; vide : {{value}} kWh/kWc.',
    specificYieldDefault: '{{value}} kWh/kWc (par défaut)',
    sridHint: 'Laisser vide : déduit de la position (Lambert-93 en France, UTM ailleurs).',
    chooseClient: 'Choisir un client…',
  },
  mountings: { ground: 'Au sol', rooftop: 'Toiture', carport: 'Ombrière', floating: 'Flottante' },
  draw: {
    polygon: 'Dessiner un polygone', select: 'Modifier les sommets', clear: 'Effacer', help:
      'Cliquez sur la carte pour ajouter des sommets ; cliquez sur le premier (ou appuyez sur Entrée) pour fermer le polygone. En modification, faites glisser les sommets ; cliquez sur un polygone pour le sélectionner, Suppr l’efface.',
    area: 'Surface : {{area}}', count: '{{count}} polygone(s)',
  },
  documents: {
    title: 'Documents', empty: 'Aucun document.', upload: 'Joindre un fichier', uploading: 'Envoi…',
    kind: 'Type', titleField: 'Titre', file: 'Fichier', choose: 'Choisir un fichier…', noFile: 'Aucun fichier choisi', size: 'Taille', by: 'Ajouté par', date: 'Date',
    kinds: { plan: 'Plan', contract: 'Contrat', datasheet: 'Fiche technique', single_line_diagram: 'Schéma unifilaire', report: 'Rapport', photo: 'Photo', other: 'Autre' },
  },
  history: {
    title: 'Historique des interventions', empty: 'Aucune mission sur cette centrale.', mission: 'Mission', technician: 'Technicien',
    period: 'Période', audits: 'Audits', inspected: '{{n}} modules inspectés', defects: '{{n}} défauts ouverts',
    missionStatuses: { draft: 'Brouillon', planned: 'Planifiée', in_progress: 'En cours', done: 'Terminée', cancelled: 'Annulée' },
    auditStatuses: { planned: 'Planifié', in_progress: 'En cours', done: 'Terminé' },
  },
  map: {
    title: 'Carte', legend: 'Statut des modules', shown: '{{shown}} modules affichés sur {{total}}', searchPlaceholder: 'Code module, ex. S3-M12',
    searchLabel: 'Trouver un module', noMatch: 'Aucun module avec ce code.', filters: 'Filtres', inverter: 'Onduleur', string: 'String',
    allInverters: 'Tous les onduleurs', allStrings: 'Tous les strings', stringSearch: 'Chercher parmi {{count}} strings (ex. S12)', stringsFound: '{{count}} string(s) trouvé(s)', audit: 'Statuts', currentStatus: 'Actuels (derniers audits)', currentValidated: 'Actuels (derniers audits validés)',
    basemap: 'Fond de carte', basemapPlain: 'Neutre (hors ligne)', defectsLayer: 'Défauts', layers: 'Couches',
    basemaps: { 'ign-ortho': 'Orthophoto IGN', 'ign-plan': 'Plan IGN', aerial: 'Photo aérienne' },
    basemapFailed: '{{name}} : aucune tuile n’arrive (pas de réseau, ou service indisponible). Le fond neutre est affiché ; choisissez-le à nouveau pour réessayer.',
    dismiss: 'Fermer',
    addressLabel: 'Trouver une adresse ou un lieu', addressPlaceholder: 'ex. 12 route de Toulouse, Saint-Lys', addressGo: 'Chercher',
    addressTooShort: 'Au moins 3 caractères.', addressNone: 'Aucun lieu trouvé pour « {{q}} » : vérifiez l’orthographe, ou essayez la commune seule.',
    resetFilters: 'Tout afficher', showOnly: 'N’afficher que ce statut', zoomIn: 'Zoomez pour voir les modules un par un.',
    tilesUnavailable: 'Les tuiles de la carte ne peuvent être chargées pour l’instant ; légende, recherche et panneau fonctionnent.',
    liveDown: 'Mises à jour en direct interrompues : reconnexion… (les modifications des autres s’afficheront au retour)',
    fit: 'Toute la centrale',
  },
  module: {
    title: 'Module {{code}}', code: 'Code', string: 'String', position: 'Position dans le string', inverter: 'Onduleur',
    table: 'Table', model: 'Modèle', status: 'Statut', defects: 'Défauts', noDefect: 'Aucun défaut relevé.',
    photos: 'Photos', noPhoto: 'Aucune photo.', photoMissing: 'Fichier indisponible', observed: 'Relevé le {{date}}',
    resolved: 'Résolu le {{date}}', deltaT: 'ΔT {{value}} °C', iecClass: 'Classe IEC 62446-3 : {{value}}',
  },
  statuses: {
    ok: 'OK', inequality: 'Inégalité', microcracks: 'Microfissures', dead: 'Mort', string_open: 'String ouvert',
    not_connected: 'Non connecté', pending: 'Non audité',
  },
  severities: { info: 'Info', warning: 'Attention', urgent: 'Urgent' },
  auditTypes: {
    el: 'Électroluminescence', thermography: 'Thermographie', iv: 'Courbes I-V', visual: 'Visuel', insulation: 'Isolement',
    diode: 'Diodes bypass', drone: 'Drone',
  },
  defectTypes: {
    microcrack: 'Microfissure', cell_inequality: 'Inégalité de cellules', dead_module: 'Module mort', string_open: 'String ouvert',
    not_connected: 'Non connecté', hot_spot: 'Point chaud', bypass_diode: 'Diode bypass', pid: 'PID', delamination: 'Délamination',
    snail_trail: 'Traces d’escargot', broken_glass: 'Verre cassé', burn_mark: 'Brûlure', backsheet: 'Face arrière',
    junction_box: 'Boîte de jonction', connector: 'Connecteur', cable_damage: 'Câble endommagé', corrosion: 'Corrosion',
    frame_damage: 'Cadre endommagé', shading: 'Ombrage', soiling: 'Salissure', vegetation: 'Végétation',
    insulation_fault: 'Défaut d’isolement', other: 'Autre',
  },
  photoCategories: { el: 'EL', ir: 'Infrarouge', visual: 'Visuel', context: 'Contexte', closeup: 'Gros plan' },
  layout: layoutFr,
  plans: plansFr,
  tokens: tokensFr,
  imports: importsFr,
  reportWorkflow: reportWorkflowFr,
  webReport: webReportFr,
  review: reviewFr,
  missions: missionsFr,
  live: liveFr,
  progress: progressFr,
  reports: reportsFr,
};
