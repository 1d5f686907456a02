-- Bulk layout writes (issue 6, speed): numbering a whole plant in one statement.
--
-- Module codes stay unique per plant among live modules, but the check now runs at the
-- end of each statement instead of row by row: renumbering may swap codes inside one
-- UPDATE (the numbering used to write every module twice, first to a temporary code).
-- A deferrable unique constraint cannot be partial, so it stands on a generated column
-- that is the code of a live module and null for a deleted one (nulls never collide).
-- The constraint keeps the name of the index it replaces: errors still name
-- modules_code_key (→ 409 duplicate, field code).
alter table modules
  add column live_code text generated always as (case when deleted_at is null then code end) stored;
drop index modules_code_key;
alter table modules
  add constraint modules_code_key unique (plant_id, live_code) deferrable initially immediate;

-- The tile trigger on updated modules compared every old and new geometry with
-- st_equals (GEOS, per row): a renumbering of 100,000 modules paid it for unchanged
-- footprints. Binary equality is exact for an unchanged row; a geometry rewritten with
-- the same shape (rare) only refreshes its patch once more.
create or replace function tile_modules_updated() returns trigger
language plpgsql as $$
begin
  insert into tile_plant_counts as c (plant_id, status, modules)
  select plant_id, status, sum(d) from (
    select plant_id, status, 1 as d from new_rows where deleted_at is null
    union all
    select plant_id, status, -1 from old_rows where deleted_at is null
  ) x group by plant_id, status having sum(d) <> 0
  on conflict (plant_id, status) do update set modules = c.modules + excluded.modules;
  -- Only what the tiles show: status, geometry, table and deletion.
  perform tile_refresh_patches(array(
    select distinct g
      from new_rows n join old_rows o using (id),
           lateral (values (coalesce(n.table_id, n.id)), (coalesce(o.table_id, o.id))) v (g)
     where n.status is distinct from o.status or n.table_id is distinct from o.table_id
        or n.deleted_at is distinct from o.deleted_at or n.geom::bytea is distinct from o.geom::bytea));
  return null;
end $$;
