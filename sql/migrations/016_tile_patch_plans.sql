-- tile_refresh_patches runs inside the statement that inserted the modules, before any
-- ANALYZE has seen them: with no statistics, the planner ANDed the table's index with a
-- whole scan of the partial index modules_code_key (its predicate "deleted_at is null"
-- matches the join's), once per table: hours for a new 2-million-module plant. Plans in
-- this function are made without bitmap scans; plain index scans do the same lookups.
alter function tile_refresh_patches(uuid[]) set enable_bitmapscan = off;
