-- The module library starts with common real models (datasheet values at STC). Models
-- already in the library (same manufacturer and model) are left as they are.
insert into module_models (manufacturer, model, power_wp, width_mm, height_mm, thickness_mm, cells_layout, cell_count,
                           technology, bifacial, voc_v, isc_a, vmp_v, imp_a)
values
  ('JA Solar', 'JAM72S30-545/MR', 545, 1134, 2278, 35, '6x24 half-cut', 144, 'perc', false, 49.75, 13.94, 41.80, 13.04),
  ('LONGi', 'LR5-72HPH-540M', 540, 1134, 2256, 35, '6x24 half-cut', 144, 'perc', false, 49.50, 13.85, 41.65, 12.97),
  ('Trina Solar', 'TSM-DE19-550', 550, 1096, 2384, 35, '5x22 half-cut', 110, 'perc', false, 51.50, 13.60, 43.00, 12.80),
  ('Jinko Solar', 'JKM575N-72HL4-V', 575, 1134, 2278, 30, '6x24 half-cut', 144, 'topcon', false, 51.07, 14.22, 42.17, 13.64),
  ('Canadian Solar', 'CS3W-450MS', 450, 1048, 2108, 40, '6x24 half-cut', 144, 'perc', false, 49.10, 11.60, 40.90, 11.01),
  ('JA Solar', 'JAM60S20-375/MR', 375, 1052, 1769, 35, '6x20 half-cut', 120, 'perc', false, 41.15, 11.54, 34.23, 10.96),
  ('LONGi', 'LR4-60HPH-370M', 370, 1038, 1755, 35, '6x20 half-cut', 120, 'perc', false, 40.50, 11.50, 34.00, 10.89),
  ('SunPower', 'SPR-MAX3-400', 400, 1046, 1690, 40, '6x11', 66, 'ibc', false, 75.60, 6.58, 65.80, 6.08),
  ('First Solar', 'FS-6445', 445, 1232, 2009, 49, '264 thin-film cells', 264, 'cdte', false, 219.20, 2.61, 183.30, 2.43),
  ('Qcells', 'Q.PEAK DUO ML-G10+ 400', 400, 1045, 1879, 32, '6x22 half-cut', 132, 'perc', false, 45.30, 11.14, 37.75, 10.60)
on conflict (lower(manufacturer), lower(model)) where deleted_at is null do nothing;
