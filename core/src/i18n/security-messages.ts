// Messages of credentials, limits and input checks (issue 13: security and robustness),
// in English and French.

export const securityEn = {
  'v.control_characters': 'must not contain control characters (line breaks, tabs, NUL)',
  'v.nul_character': 'must not contain the NUL character (\\u0000)',
  'e.token_read_only': 'a personal access token only reads: log in to change anything',
  'e.personal_token_limit': 'you already have {max} personal access tokens: revoke one first',
  'e.plan_too_large':
    'the plan is {width} × {height} px ({megapixels} megapixels); at most {max} megapixels are accepted: export it at a lower resolution',
  'e.plan_page_unreadable': 'this plan cannot be drawn ({detail}): upload it again',
  'e.layout_far_from_plant': 'lies {km} km from the plant: a layout stays within {max} km of its boundary or location',
  'e.boundary_too_large': 'covers {area} ha; a plant boundary covers at most {max} ha: are the coordinates in the right CRS?',
} as const;

export const securityFr: Record<keyof typeof securityEn, string> = {
  'v.control_characters': 'ne doit pas contenir de caractères de contrôle (retours à la ligne, tabulations, NUL)',
  'v.nul_character': 'ne doit pas contenir le caractère NUL (\\u0000)',
  'e.token_read_only': "un jeton d'accès personnel ne fait que lire : connectez-vous pour modifier quoi que ce soit",
  'e.personal_token_limit': "vous avez déjà {max} jetons d'accès personnels : révoquez-en un d'abord",
  'e.plan_too_large':
    'le plan mesure {width} × {height} px ({megapixels} mégapixels) ; au plus {max} mégapixels sont acceptés : exportez-le à une résolution plus faible',
  'e.plan_page_unreadable': 'ce plan ne peut pas être dessiné ({detail}) : téléversez-le à nouveau',
  'e.layout_far_from_plant': 'se trouve à {km} km de la centrale : un calepinage reste à moins de {max} km de son périmètre ou de sa position',
  'e.boundary_too_large':
    'couvre {area} ha ; un périmètre de centrale couvre au plus {max} ha : les coordonnées sont-elles dans le bon SCR ?',
};
