// What the demo contains, by name: tests and the README find demo objects through these,
// never through hard-coded ids.

export const DEMO_PASSWORD = 'calepin-demo';

export const DEMO_CLIENTS = {
  ground: { name: "Soleil d'Occitanie SAS", siret: '84213657900018', city: 'Toulouse', postalCode: '31000', address: '12 allée Jean Jaurès' },
  rooftop: { name: 'Ateliers Garonne Industrie', siret: '51234987600027', city: 'Montauban', postalCode: '82000', address: 'ZI Albasud, 140 rue des Forges' },
} as const;

export const DEMO_PLANTS = {
  /** About 5 MWp on the ground near Toulouse: 9,216 modules of 545 Wp, strings of 24. */
  ground: { name: 'Centrale au sol de Saint-Lys', center: [1.1905, 43.5032] as [number, number], modules: 9216 },
  /** 242 modules on an industrial roof, 10 strings of 24–25: the size of a real EL night audit. */
  rooftop: { name: 'Toiture Ateliers Garonne', center: [1.3552, 43.9866] as [number, number], modules: 242 },
} as const;

export const DEMO_USERS = [
  { email: 'admin@calepin.test', role: 'admin', fullName: 'Alice Martin' },
  { email: 'manager@calepin.test', role: 'manager', fullName: 'Bruno Garcia' },
  { email: 'tech@calepin.test', role: 'technician', fullName: 'Chloé Bernard' },
  // The client user belongs to the rooftop plant's company.
  { email: 'client@calepin.test', role: 'client', fullName: 'David Roux' },
] as const;
