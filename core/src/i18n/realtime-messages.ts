// Messages of the real-time layer (docs/realtime.md), in English and French: the
// acknowledgement a refused event gets, in the language of the socket's user.

export const realtimeEn = {
  'rt.invalid': '{field} {message}',
  'rt.refused': '{message}',
  'rt.not_found': 'no such mission or plant, or not yours',
  'rt.forbidden': 'your role ({role}) may not do this',
  'rt.not_joined': 'join the mission before sending events about it',
  'rt.locked': 'this module is being annotated by {name} (their lock ends within {seconds} s)',
  'rt.lock_gone': 'you do not hold the lock on this module any more',
  'rt.unauthorized': 'your session has expired: send a new token (auth)',
  'rt.rate_limited': 'too many events: at most {perSecond} per second',
  'rt.unknown_event': 'unknown event {event}',
  'rt.server_error': 'the server could not do this; try again',
} as const;

export const realtimeFr: Record<keyof typeof realtimeEn, string> = {
  'rt.invalid': '{field} {message}',
  'rt.refused': '{message}',
  'rt.not_found': 'mission ou centrale inconnue, ou qui ne vous est pas attribuée',
  'rt.forbidden': 'votre rôle ({role}) ne permet pas cette action',
  'rt.not_joined': 'rejoignez la mission avant d’envoyer des évènements à son sujet',
  'rt.locked': 'ce module est en cours d’annotation par {name} (son verrou expire d’ici {seconds} s)',
  'rt.lock_gone': 'vous ne détenez plus le verrou de ce module',
  'rt.unauthorized': 'votre session a expiré : envoyez un nouveau jeton (auth)',
  'rt.rate_limited': 'trop d’évènements : au plus {perSecond} par seconde',
  'rt.unknown_event': 'évènement inconnu {event}',
  'rt.server_error': 'le serveur n’a pas pu le faire ; réessayez',
};
