// The words of the live panel of a mission (presence and chat); en.ts and fr.ts take them under `live`.
export const liveEn = {
  title: 'Live', connecting: 'Connecting…', offlineNote: 'Reconnecting: what happens meanwhile shows when the link is back.',
  nobody: 'Nobody is on the mission yet.',
  states: { active: 'active', idle: 'idle', offline: 'offline' },
  annotating: 'annotating {{n}} module(s)',
  chat: 'Team chat', noMessage: 'No message yet.', placeholder: 'Write to the team…', send: 'Send',
  pin: 'Module {{code}}', photo: 'Photo', photoPending: 'Photo: its file has not arrived from the tablet yet', readBy: 'Read by {{names}}', refused: 'Not sent: {{message}}',
};

export const liveFr: typeof liveEn = {
  title: 'En direct', connecting: 'Connexion…', offlineNote: 'Reconnexion : ce qui se passe entre-temps s’affichera au retour du lien.',
  nobody: 'Personne n’est encore sur la mission.',
  states: { active: 'actif', idle: 'inactif', offline: 'hors ligne' },
  annotating: 'annote {{n}} module(s)',
  chat: 'Discussion de l’équipe', noMessage: 'Aucun message.', placeholder: 'Écrire à l’équipe…', send: 'Envoyer',
  pin: 'Module {{code}}', photo: 'Photo', photoPending: 'Photo : son fichier n’est pas encore arrivé de la tablette', readBy: 'Lu par {{names}}', refused: 'Non envoyé : {{message}}',
};
