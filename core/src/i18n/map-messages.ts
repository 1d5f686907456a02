// Messages of the map's services (issue 13: basemaps and address search), in English and French.

export const mapEn = {
  'e.geocoder_disabled': 'address search is not configured on this server (GEOCODER_URL)',
  'e.geocoder_unavailable': 'the address search service does not answer ({detail}): try again later, or draw without it',
  'e.geocoder_bad_answer': 'the address search service gave an answer that cannot be read: try again later',
} as const;

export const mapFr: Record<keyof typeof mapEn, string> = {
  'e.geocoder_disabled': "la recherche d'adresse n'est pas configurée sur ce serveur (GEOCODER_URL)",
  'e.geocoder_unavailable': "le service de recherche d'adresse ne répond pas ({detail}) : réessayez plus tard, ou dessinez sans lui",
  'e.geocoder_bad_answer': "le service de recherche d'adresse a donné une réponse illisible : réessayez plus tard",
};
