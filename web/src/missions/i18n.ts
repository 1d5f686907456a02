// The words of the missions and planning screens; en.ts and fr.ts take them under `missions`.
export const missionsEn = {
  nav: { missions: 'Missions', planning: 'Planning', week: 'Week map' },
  title: 'Missions', new: 'New mission', edit: 'Edit the mission', empty: 'No mission matches.',
  searchPlaceholder: 'Reference, title, plant or client', allStatuses: 'All statuses', allAuditTypes: 'All audit types',
  fields: {
    plant: 'Plant', reference: 'Reference', referenceHint: 'Generated when left empty (OM-year-number)', title: 'Title',
    auditTypes: 'Audit types', lead: 'Lead', technicians: 'Technicians', plannedStart: 'Planned start', plannedEnd: 'Planned end',
    estimatedHours: 'Estimated time (hours)', safety: 'Safety instructions', safetyHint: 'Filled in from the audit types; edit as needed.',
    access: 'Access notes', notes: 'Internal notes (never shown to the client)', status: 'Status', team: 'Team',
  },
  choosePlant: 'Choose a plant…', noLead: 'No lead',
  statuses: { draft: 'Draft', planned: 'Planned', in_progress: 'In progress', done: 'Done', cancelled: 'Cancelled' },
  actions: {
    plan: 'Plan it', start: 'Start', finish: 'Mark done', cancel: 'Cancel the mission', backToDraft: 'Back to draft',
    confirmCancel: 'Cancel mission {{reference}}? The team is told.', renderAgain: 'Render the order again', plan2: 'Open the planning',
  },
  order: { title: 'Mission order', none: 'Not rendered yet: it is on its way.', version: 'Version {{version}}', download: 'PDF ({{lang}})', pages: '{{n}} page(s)' },
  mails: {
    title: 'E-mails to the team', none: 'No e-mail yet.', notConfigured: 'E-mail is not configured on this server (SMTP_URL): the mission was saved, but no e-mail was sent.',
    queuedAfterSave: '{{n}} e-mail(s) will be sent with the new mission order.',
    statuses: { queued: 'Queued', sending: 'Sending', sent: 'Sent', failed: 'Failed', not_configured: 'Not sent (no SMTP)' },
    kinds: { planned: 'Planned', changed: 'Changed', cancelled: 'Cancelled' },
  },
  activity: {
    title: 'History', created: 'created', updated: 'changed', status: '{{from}} → {{to}}', planning: 'planning changed',
    document: 'order version {{version}} rendered', mail: 'e-mails: {{kind}}', system: 'Calepin',
  },
  slots: { title: 'Slots', none: 'No slot booked.' },
  notifications: { title: 'Notifications', none: 'Nothing new.', markRead: 'Mark all read', unread: '{{count}} unread' },
  board: {
    title: 'Planning', from: 'From', weeks: '{{n}} weeks', previous: 'Previous weeks', next: 'Next weeks', today: 'Today',
    toBook: 'Missions to book', toBookHint: 'Drag a mission onto a technician’s day to book them.',
    technician: 'Technician', booked: '{{booked}} / {{needed}} h booked', allClients: 'All clients', region: 'Département',
    conflicts: 'Conflicts', checking: 'Checking…', saved: 'Saved', refused: 'Refused: {{message}}', away: 'Away',
    dragHint: 'Drag a bar to move it, its right edge to stretch it, onto another row to reassign it.',
    newAbsence: 'Add an absence', absenceFrom: 'From', absenceTo: 'To', reasons: { leave: 'Leave', training: 'Training', sick: 'Sick leave', other: 'Other' },
    feeds: 'Calendar feeds', feedTeam: 'Team feed', feedMine: 'Feed of {{name}}', feedCreated: 'Copy this address into your calendar app (shown once):',
    revoke: 'Revoke',
  },
  week: { title: 'Week map', week: 'Week of', day: 'Day', km: '{{km}} km', noRoute: 'No slot this day.', allDays: 'Whole week' },
};

export const missionsFr: typeof missionsEn = {
  nav: { missions: 'Missions', planning: 'Planning', week: 'Carte de la semaine' },
  title: 'Missions', new: 'Nouvelle mission', edit: 'Modifier la mission', empty: 'Aucune mission ne correspond.',
  searchPlaceholder: 'Référence, titre, centrale ou client', allStatuses: 'Tous les statuts', allAuditTypes: 'Tous les types d’audit',
  fields: {
    plant: 'Centrale', reference: 'Référence', referenceHint: 'Générée si vide (OM-année-numéro)', title: 'Titre',
    auditTypes: 'Types d’audit', lead: 'Chef de mission', technicians: 'Techniciens', plannedStart: 'Début prévu', plannedEnd: 'Fin prévue',
    estimatedHours: 'Durée estimée (heures)', safety: 'Consignes de sécurité', safetyHint: 'Remplies d’après les types d’audit ; à adapter.',
    access: 'Accès', notes: 'Notes internes (jamais montrées au client)', status: 'Statut', team: 'Équipe',
  },
  choosePlant: 'Choisir une centrale…', noLead: 'Pas de chef de mission',
  statuses: { draft: 'Brouillon', planned: 'Planifiée', in_progress: 'En cours', done: 'Terminée', cancelled: 'Annulée' },
  actions: {
    plan: 'Planifier', start: 'Démarrer', finish: 'Terminer', cancel: 'Annuler la mission', backToDraft: 'Repasser en brouillon',
    confirmCancel: 'Annuler la mission {{reference}} ? L’équipe est prévenue.', renderAgain: 'Produire à nouveau l’ordre', plan2: 'Ouvrir le planning',
  },
  order: { title: 'Ordre de mission', none: 'Pas encore produit : il arrive.', version: 'Version {{version}}', download: 'PDF ({{lang}})', pages: '{{n}} page(s)' },
  mails: {
    title: 'E-mails à l’équipe', none: 'Aucun e-mail pour l’instant.', notConfigured: 'L’e-mail n’est pas configuré sur ce serveur (SMTP_URL) : la mission est enregistrée, mais aucun e-mail n’est parti.',
    queuedAfterSave: '{{n}} e-mail(s) partiront avec le nouvel ordre de mission.',
    statuses: { queued: 'En attente', sending: 'Envoi', sent: 'Envoyé', failed: 'Échec', not_configured: 'Non envoyé (pas de SMTP)' },
    kinds: { planned: 'Planifiée', changed: 'Modifiée', cancelled: 'Annulée' },
  },
  activity: {
    title: 'Historique', created: 'créée', updated: 'modifiée', status: '{{from}} → {{to}}', planning: 'planning modifié',
    document: 'ordre version {{version}} produit', mail: 'e-mails : {{kind}}', system: 'Calepin',
  },
  slots: { title: 'Créneaux', none: 'Aucun créneau réservé.' },
  notifications: { title: 'Notifications', none: 'Rien de nouveau.', markRead: 'Tout marquer comme lu', unread: '{{count}} non lue(s)' },
  board: {
    title: 'Planning', from: 'Du', weeks: '{{n}} semaines', previous: 'Semaines précédentes', next: 'Semaines suivantes', today: 'Aujourd’hui',
    toBook: 'Missions à réserver', toBookHint: 'Glissez une mission sur le jour d’un technicien pour le réserver.',
    technician: 'Technicien', booked: '{{booked}} / {{needed}} h réservées', allClients: 'Tous les clients', region: 'Département',
    conflicts: 'Conflits', checking: 'Vérification…', saved: 'Enregistré', refused: 'Refusé : {{message}}', away: 'Absent',
    dragHint: 'Glissez une barre pour la déplacer, son bord droit pour l’allonger, sur une autre ligne pour la réattribuer.',
    newAbsence: 'Ajouter une absence', absenceFrom: 'Du', absenceTo: 'Au', reasons: { leave: 'Congé', training: 'Formation', sick: 'Arrêt maladie', other: 'Autre' },
    feeds: 'Flux d’agenda', feedTeam: 'Flux de l’équipe', feedMine: 'Flux de {{name}}', feedCreated: 'Copiez cette adresse dans votre agenda (affichée une seule fois) :',
    revoke: 'Révoquer',
  },
  week: { title: 'Carte de la semaine', week: 'Semaine du', day: 'Jour', km: '{{km}} km', noRoute: 'Aucun créneau ce jour-là.', allDays: 'Toute la semaine' },
};
