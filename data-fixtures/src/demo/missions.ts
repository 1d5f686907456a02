// The demo's past missions and what their audits found (see sql/demo_audit.sql).

const SAFETY =
  'Travail de nuit : lampe frontale, gilet haute visibilité, gants isolants. ' +
  "Consignation des onduleurs avant toute injection de courant. Ne jamais déconnecter un connecteur en charge.";

export const DEMO_MISSIONS = [
  {
    plant: 'ground', reference: 'OM-2025-112', title: 'Thermographie IR annuelle', auditType: 'thermography',
    start: '2025-08-20T10:00:00+02:00', end: '2025-08-20T16:00:00+02:00', hours: 6,
    safety: 'Travail en plein soleil : eau, chapeau, pauses régulières. Ne pas marcher sur les modules.',
    conditions: { irradiance_w_m2: 860, ambient_temp_c: 29, wind_m_s: 2.1, camera: 'FLIR T860' },
    // The IR flight covered the first blocks only.
    findings: { seed: 'ir-2025', coverage: 0.6, hot_spots: 0.004, rates: { soiling: 0.01 } },
  },
  {
    plant: 'ground', reference: 'OM-2026-031', title: 'Audit électroluminescence de nuit', auditType: 'el',
    start: '2026-07-15T22:30:00+02:00', end: '2026-07-16T05:30:00+02:00', hours: 7, safety: SAFETY,
    conditions: { ambient_temp_c: 18, injection_current_a: 9.5, camera: 'Sensor EL InGaAs', weather: 'nuit claire' },
    // The night ended before the last tables: those modules stay pending.
    findings: {
      seed: 'el-2026', coverage: 0.85, rates: { microcracks: 0.03, inequality: 0.015, dead: 0.006, soiling: 0.02 },
      open_strings: ['S17', 'S201'], unconnected_strings: ['S88'],
    },
  },
  {
    plant: 'rooftop', reference: 'OM-2025-098', title: 'Audit électroluminescence de nuit — toiture', auditType: 'el',
    start: '2025-10-27T21:00:00+01:00', end: '2025-10-28T01:00:00+01:00', hours: 4, safety: SAFETY,
    conditions: { ambient_temp_c: 11, injection_current_a: 9, camera: 'Sensor EL InGaAs', weather: 'nuit couverte' },
    findings: {
      seed: 'el-2025-roof', coverage: 1, rates: { microcracks: 0.14, inequality: 0.08, dead: 0.05, soiling: 0.03 },
      open_strings: ['S9'], unconnected_modules: ['S10-M24', 'S10-M25'],
    },
  },
] as const;

const label = (fr: string, en: string) => ({ fr, en });

export const CHECKLIST_SECTIONS = [
  {
    id: 'safety', title: label('Sécurité', 'Safety'),
    fields: [
      { id: 'ppe', type: 'boolean', label: label('EPI portés par toute l’équipe', 'PPE worn by the whole team'), required: true },
      { id: 'lockout', type: 'boolean', label: label('Onduleurs consignés', 'Inverters locked out'), required: true },
    ],
  },
  {
    id: 'conditions', title: label('Conditions de mesure', 'Measurement conditions'),
    fields: [
      { id: 'ambient', type: 'number', label: label('Température ambiante', 'Ambient temperature'), unit: '°C', min: -30, max: 60 },
      { id: 'current', type: 'number', label: label('Courant injecté', 'Injected current'), unit: 'A', min: 0, max: 20 },
      { id: 'sky', type: 'choice', label: label('Ciel', 'Sky'), options: ['clear', 'cloudy', 'rain'] },
    ],
  },
  {
    id: 'site', title: label('Site', 'Site'),
    fields: [
      { id: 'fence', type: 'choice', label: label('Clôture', 'Fence'), options: ['ok', 'damaged'], nonConformity: ['damaged'] },
      { id: 'overview', type: 'photo', label: label('Photo d’ensemble', 'Overview photo') },
      { id: 'notes', type: 'text', label: label('Remarques', 'Notes') },
    ],
  },
];
