import { type AuditType, type Locale, type MessageKey, t } from '@calepin/core';

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
