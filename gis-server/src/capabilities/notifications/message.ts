import { type Locale, type MessageKey, isMessageKey, t } from '@calepin/core';

/**
 * A notification in a person's language: `notif.<kind>` filled with its params (the
 * defect type of an urgent defect named, not coded). The bell and the push say the same.
 */
export function notificationText(locale: Locale, kind: string, params: Record<string, unknown>): string {
  const key = `notif.${kind}`;
  if (!isMessageKey(key)) return kind;
  const filled: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'string' || typeof value === 'number') filled[name] = value;
  }
  const defect = `defect.${String(params.defectType ?? '')}`;
  if (isMessageKey(defect)) filled.defect = t(locale, defect as MessageKey);
  return t(locale, key as MessageKey, filled);
}
