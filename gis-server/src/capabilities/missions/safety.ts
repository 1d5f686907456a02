import { type AuditType, LOCALES, type Locale, type MessageKey, t } from '@calepin/core';

/**
 * The safety instructions a new mission starts with, for the coordinator to edit: what
 * holds on every PV plant (DC parts stay live), then each audit type's own (night work
 * for EL, high voltage for insulation), then working at height on roofs and carports.
 */
export function defaultSafety(locale: Locale, auditTypes: readonly AuditType[], mounting: string | null): string {
  const keys: MessageKey[] = ['safety.common', ...auditTypes.map((a) => `safety.${a}` as MessageKey)];
  if (mounting === 'rooftop' || mounting === 'carport') keys.push('safety.rooftop');
  return keys.map((key) => `• ${t(locale, key)}`).join('\n');
}

/**
 * A mission's safety instructions as an order in `locale` prints them: a default text left
 * as it was (in whichever language it was created) is the default in the order's
 * language; a text the coordinator wrote or edited is theirs, printed as written.
 */
export function safetyIn(locale: Locale, text: string | null, auditTypes: readonly AuditType[]): string | null {
  if (!text) return text;
  for (const mounting of [null, 'rooftop'] as const) {
    if (LOCALES.some((other) => defaultSafety(other, auditTypes, mounting) === text)) return defaultSafety(locale, auditTypes, mounting);
  }
  return text;
}
