// A few real module models, with their datasheet values (STC).
export const MODULE_MODELS = [
  { manufacturer: 'JA Solar', model: 'JAM72S30-545/MR', power_wp: 545, width_mm: 1134, height_mm: 2278, thickness_mm: 35,
    cells_layout: '6x24 half-cut', cell_count: 144, technology: 'perc', bifacial: false, voc_v: 49.75, isc_a: 13.94, vmp_v: 41.8, imp_a: 13.04 },
  { manufacturer: 'LONGi', model: 'LR5-72HPH-540M', power_wp: 540, width_mm: 1134, height_mm: 2256, thickness_mm: 35,
    cells_layout: '6x24 half-cut', cell_count: 144, technology: 'perc', bifacial: false, voc_v: 49.5, isc_a: 13.85, vmp_v: 41.65, imp_a: 12.97 },
  { manufacturer: 'Trina Solar', model: 'TSM-DE19-550', power_wp: 550, width_mm: 1096, height_mm: 2384, thickness_mm: 35,
    cells_layout: '5x22 half-cut', cell_count: 110, technology: 'perc', bifacial: false, voc_v: 51.5, isc_a: 13.6, vmp_v: 43.0, imp_a: 12.8 },
  { manufacturer: 'Jinko Solar', model: 'JKM575N-72HL4-V', power_wp: 575, width_mm: 1134, height_mm: 2278, thickness_mm: 30,
    cells_layout: '6x24 half-cut', cell_count: 144, technology: 'topcon', bifacial: false, voc_v: 51.07, isc_a: 14.22, vmp_v: 42.17, imp_a: 13.64 },
  { manufacturer: 'Canadian Solar', model: 'CS3W-450MS', power_wp: 450, width_mm: 1048, height_mm: 2108, thickness_mm: 40,
    cells_layout: '6x24 half-cut', cell_count: 144, technology: 'perc', bifacial: false, voc_v: 49.1, isc_a: 11.6, vmp_v: 40.9, imp_a: 11.01 },
  { manufacturer: 'JA Solar', model: 'JAM60S20-375/MR', power_wp: 375, width_mm: 1052, height_mm: 1769, thickness_mm: 35,
    cells_layout: '6x20 half-cut', cell_count: 120, technology: 'perc', bifacial: false, voc_v: 41.15, isc_a: 11.54, vmp_v: 34.23, imp_a: 10.96 },
] as const;
