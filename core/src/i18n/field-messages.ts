// Messages of the field app's server side (issue 15): mission packages and their download.

export const fieldEn = {
  'e.package_range': 'the requested range {range} is outside the package ({size} bytes)',
  'e.package_gone': 'this package is no longer kept on the server (packages are kept 24 hours): download the mission again',
} as const;

export const fieldFr: Record<keyof typeof fieldEn, string> = {
  'e.package_range': 'la plage demandée {range} dépasse le paquet ({size} octets)',
  'e.package_gone': 'ce paquet n’est plus conservé sur le serveur (24 heures) : téléchargez à nouveau la mission',
};
