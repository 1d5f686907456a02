// The words of the report page (/reports/:id); en.ts and fr.ts take them under `reportWorkflow`.
export const reportWorkflowEn = {
  status: { draft: 'Draft', validated: 'Validated', sent: 'Sent', archived: 'Archived' },
  plant: 'Plant', client: 'Client', language: 'Language', colon: ': ',
  draftReady: 'Draft PDF rendered', draftMissing: 'The draft PDF is not rendered yet.', downloadDraft: 'Read the draft (PDF)',
  validate: {
    title: 'Validate and sign', intro: 'Sign in the box with the mouse or a finger. Your signature is stamped on the last page, then the PDF is signed with the company’s certificate.',
    clear: 'Clear', submit: 'Validate and sign', pending: 'Signing…', empty: 'Sign in the box first.',
    pad: 'Signature area',
  },
  send: {
    title: 'Send by e-mail', recipients: 'Recipients', recipientsHint: 'One address per line or separated by commas',
    attach: 'Attach the PDF (otherwise a link)', message: 'Message (optional)', submit: 'Send', pending: 'Sending…',
    again: 'Send again',
  },
  archive: { title: 'Archive', intro: 'The sent version becomes immutable. A later change of the report makes a new version.', submit: 'Archive', confirm: 'Archive version {{version}}? It can no longer change.' },
  versions: 'Signed versions', version: 'Version', signedBy: 'Signed by', signedAt: 'Signed', certificate: 'Certificate',
  timestamped: 'Timestamped {{at}} by {{authority}}',
  sha256: 'SHA-256', sentTo: 'Sent to', archivedAt: 'Archived', download: 'Download', none: 'No signed version yet.',
  exports: 'Audit data', excel: 'Excel (.xlsx)', csvModules: 'CSV — modules', csvDefects: 'CSV — defects',
  history: 'History', noHistory: 'Nothing yet.', plantHistory: 'Reports',
  action: { validated: 'validated version {{version}}', sent: 'sent version {{version}} to {{to}}', archived: 'archived version {{version}}' },
  mails: 'E-mails', mailStatus: { queued: 'queued', sending: 'sending', sent: 'sent', failed: 'failed', not_configured: 'not sent (no mail server)' },
};

export const reportWorkflowFr: typeof reportWorkflowEn = {
  status: { draft: 'Brouillon', validated: 'Validé', sent: 'Envoyé', archived: 'Archivé' },
  plant: 'Centrale', client: 'Client', language: 'Langue', colon: '\u00a0: ',
  draftReady: 'PDF du brouillon produit', draftMissing: 'Le PDF du brouillon n’est pas encore produit.', downloadDraft: 'Lire le brouillon (PDF)',
  validate: {
    title: 'Valider et signer', intro: 'Signez dans le cadre à la souris ou au doigt. Votre signature est apposée sur la dernière page, puis le PDF est signé avec le certificat de l’entreprise.',
    clear: 'Effacer', submit: 'Valider et signer', pending: 'Signature…', empty: 'Signez d’abord dans le cadre.',
    pad: 'Zone de signature',
  },
  send: {
    title: 'Envoyer par e-mail', recipients: 'Destinataires', recipientsHint: 'Une adresse par ligne ou séparées par des virgules',
    attach: 'Joindre le PDF (sinon un lien)', message: 'Message (facultatif)', submit: 'Envoyer', pending: 'Envoi…',
    again: 'Envoyer de nouveau',
  },
  archive: { title: 'Archiver', intro: 'La version envoyée devient immuable. Toute modification ultérieure du rapport crée une nouvelle version.', submit: 'Archiver', confirm: 'Archiver la version {{version}} ? Elle ne pourra plus changer.' },
  versions: 'Versions signées', version: 'Version', signedBy: 'Signée par', signedAt: 'Signée le', certificate: 'Certificat',
  timestamped: 'Horodatée le {{at}} par {{authority}}',
  sha256: 'SHA-256', sentTo: 'Envoyée à', archivedAt: 'Archivée le', download: 'Télécharger', none: 'Aucune version signée pour l’instant.',
  exports: 'Données de l’audit', excel: 'Excel (.xlsx)', csvModules: 'CSV — modules', csvDefects: 'CSV — défauts',
  history: 'Historique', noHistory: 'Rien pour l’instant.', plantHistory: 'Rapports',
  action: { validated: 'a validé la version {{version}}', sent: 'a envoyé la version {{version}} à {{to}}', archived: 'a archivé la version {{version}}' },
  mails: 'E-mails', mailStatus: { queued: 'en file', sending: 'en cours', sent: 'envoyé', failed: 'échec', not_configured: 'non envoyé (pas de serveur de messagerie)' },
};
