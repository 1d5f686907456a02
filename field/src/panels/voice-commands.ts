// What a spoken phrase asks in night mode, in French (the technicians' language) or English.
import type { ModuleStatus } from '@calepin/core';

export type VoiceCommand = { kind: 'status'; status: ModuleStatus } | { kind: 'next' } | { kind: 'previous' } | { kind: 'undo' };

const RULES: [RegExp, VoiceCommand][] = [
  [/\b(non connect|pas connect|not connected|disconnected)/, { kind: 'status', status: 'not_connected' }],
  [/\b(cha[iî]ne ouverte|string ouvert|circuit ouvert|open string|string open)/, { kind: 'status', status: 'string_open' }],
  [/\b(micro ?fissur|fissur|micro ?crack|crack)/, { kind: 'status', status: 'microcracks' }],
  [/\b(in[ée]galit|inhomog|h[ée]t[ée]rog|inequal|uneven)/, { kind: 'status', status: 'inequality' }],
  [/\b(mort|hors service|hs|dead|out of service)\b/, { kind: 'status', status: 'dead' }],
  [/\b(ok|bon|conforme|rien|good|fine)\b/, { kind: 'status', status: 'ok' }],
  [/\b(suivant|suivante|next|skip)\b/, { kind: 'next' }],
  [/\b(pr[ée]c[ée]dent|retour|previous|back)\b/, { kind: 'previous' }],
  [/\b(annuler|annule|undo|cancel)\b/, { kind: 'undo' }],
];

export function commandOf(phrase: string): VoiceCommand | null {
  const text = phrase.toLowerCase().normalize('NFC');
  for (const [pattern, command] of RULES) if (pattern.test(text)) return command;
  return null;
}
