// Messages of the interactive web report (issue 18): its share links.

export const webReportEn = {
  'v.share_token': 'is not a share link',
  'e.share_not_found': 'this share link does not exist or was revoked',
  'e.share_expired': 'this share link expired on {date}',
  'e.comparison_same_audit': 'an audit cannot be compared with itself',
  'e.comparison_other_plant': 'the audits compared must be of the same plant',
} as const;

export const webReportFr: Record<keyof typeof webReportEn, string> = {
  'v.share_token': 'n’est pas un lien de partage',
  'e.share_not_found': 'ce lien de partage n’existe pas ou a été révoqué',
  'e.share_expired': 'ce lien de partage a expiré le {date}',
  'e.comparison_same_audit': 'un audit ne peut pas être comparé avec lui-même',
  'e.comparison_other_plant': 'les audits comparés doivent être de la même centrale',
};
