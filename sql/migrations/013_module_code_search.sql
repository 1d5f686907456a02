-- The map's module search matches a code prefix, case-insensitively, within a plant
-- (gis-server/src/modules/plant-map/sql/search.sql): an index on that expression keeps
-- it a short index range on a plant of millions of modules instead of a scan.
create index modules_code_prefix_idx on modules (plant_id, upper(code) text_pattern_ops) where deleted_at is null;
