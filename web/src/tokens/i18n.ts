// The words of the personal access tokens screen; en.ts and fr.ts take them under `tokens`.
export const tokensEn = {
  nav: 'Access tokens',
  title: 'Personal access tokens',
  intro:
    'For QGIS, GDAL and scripts, which cannot log in like this page does. A token reads what your account may read (API, WFS, OGC API, tiles) and never changes anything. Keep it like a password: revoke it when you no longer need it.',
  howTo: 'How to use it',
  howWfs: 'WFS or OGC API – Features in QGIS: Basic authentication, user name {{email}}, the token as the password.',
  howXyz: 'XYZ tile layer in QGIS (no authentication possible): the token in the URL:',
  howCurl: 'Any HTTP client: the header Authorization: Bearer <token>.',
  name: 'Name', namePlaceholder: 'For instance: QGIS on my laptop', expires: 'Expires', create: 'Create the token', creating: 'Creating…',
  expiry: { d30: 'in 30 days', d90: 'in 90 days', d365: 'in a year', never: 'never (until revoked)' },
  created: 'Your new token “{{name}}”: copy it now, it will not be shown again.',
  copy: 'Copy', copied: 'Copied', tokenLabel: 'The token',
  list: 'Your tokens', empty: 'No token yet.', prefix: 'Starts with', createdAt: 'Created', lastUsed: 'Last used', never: 'never',
  noExpiry: 'never', revoke: 'Revoke', confirmRevoke: 'Revoke the token “{{name}}”? Whatever uses it stops working at once.',
  readOnly: 'read-only',
};

export const tokensFr: typeof tokensEn = {
  nav: "Jetons d'accès",
  title: "Jetons d'accès personnels",
  intro:
    "Pour QGIS, GDAL et les scripts, qui ne peuvent pas se connecter comme cette page. Un jeton lit ce que votre compte peut lire (API, WFS, OGC API, tuiles) et ne modifie jamais rien. Gardez-le comme un mot de passe : révoquez-le quand vous n'en avez plus besoin.",
  howTo: "Comment s'en servir",
  howWfs: "WFS ou OGC API – Features dans QGIS : authentification Basic, nom d'utilisateur {{email}}, le jeton comme mot de passe.",
  howXyz: "Couche de tuiles XYZ dans QGIS (sans authentification possible) : le jeton dans l'URL :",
  howCurl: "Tout client HTTP : l'en-tête Authorization: Bearer <jeton>.",
  name: 'Nom', namePlaceholder: 'Par exemple : QGIS sur mon portable', expires: 'Expiration', create: 'Créer le jeton', creating: 'Création…',
  expiry: { d30: 'dans 30 jours', d90: 'dans 90 jours', d365: 'dans un an', never: "jamais (jusqu'à révocation)" },
  created: 'Votre nouveau jeton « {{name}} » : copiez-le maintenant, il ne sera plus affiché.',
  copy: 'Copier', copied: 'Copié', tokenLabel: 'Le jeton',
  list: 'Vos jetons', empty: 'Aucun jeton pour le moment.', prefix: 'Commence par', createdAt: 'Créé le', lastUsed: 'Dernier usage', never: 'jamais',
  noExpiry: 'jamais', revoke: 'Révoquer', confirmRevoke: 'Révoquer le jeton « {{name}} » ? Ce qui l’utilise cesse aussitôt de fonctionner.',
  readOnly: 'lecture seule',
};
