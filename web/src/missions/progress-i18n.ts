// The words of a mission's progress dashboard; en.ts and fr.ts take them under `progress`.
export const progressEn = {
  title: 'Progress', team: 'The team', counted: 'Counted audits: {{audits}}', noAudit: 'No module-by-module audit on this mission: nothing to count.',
  done: '{{done}} / {{total}} modules done',
  openDefects: 'Open defects', map: 'Work zones on the plant map', noZone: 'No work zone drawn yet: the lead draws them on the tablet.',
  zones: 'Work zones', zone: 'Zone', technicians: 'Technicians', modules: 'Modules done', defects: 'Open defects',
  outside: 'Outside any zone', nobody: 'nobody', flyTo: 'Show {{name}} on the map',
  people: 'People', name: 'Name', role: 'Role', roles: { lead: 'Lead', technician: 'Technician' },
  results: 'Results recorded', found: 'Defects found', theirZones: 'Zones',
  presence: { active: 'on the mission', idle: 'idle', offline: 'offline', unknown: 'not connected yet' },
  liveOff: 'Live updates paused: the figures are read again every minute.',
};

export const progressFr: typeof progressEn = {
  title: 'Avancement', team: 'L’équipe', counted: 'Audits comptés : {{audits}}', noAudit: 'Aucun audit module par module dans cette mission : rien à compter.',
  done: '{{done}} / {{total}} modules faits',
  openDefects: 'Défauts ouverts', map: 'Zones de travail sur le plan de la centrale', noZone: 'Aucune zone de travail tracée : le chef de mission les trace sur la tablette.',
  zones: 'Zones de travail', zone: 'Zone', technicians: 'Techniciens', modules: 'Modules faits', defects: 'Défauts ouverts',
  outside: 'Hors de toute zone', nobody: 'personne', flyTo: 'Montrer {{name}} sur la carte',
  people: 'Personnes', name: 'Nom', role: 'Rôle', roles: { lead: 'Chef de mission', technician: 'Technicien' },
  results: 'Résultats saisis', found: 'Défauts trouvés', theirZones: 'Zones',
  presence: { active: 'sur la mission', idle: 'inactif', offline: 'hors ligne', unknown: 'pas encore connecté' },
  liveOff: 'Mises à jour en direct interrompues : les chiffres sont relus chaque minute.',
};
