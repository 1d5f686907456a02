-- What the tile-server draws at low and mid zooms, kept up to date by statement-level
-- triggers so that no tile ever aggregates raw modules on the fly (docs/tiles.md):
--   tile_plant_counts    modules per plant and status: the plant points of low zooms;
--   tile_module_patches  per table, its outline in the status most of its modules have,
--                        plus the modules of any other status, drawn over it (mid zooms).
-- Both are derived data: rebuilt from modules and tables by the functions below, never
-- written by the API, not synced.

create table tile_plant_counts (
  plant_id uuid not null references plants (id),
  status text not null,
  modules bigint not null,
  primary key (plant_id, status)
);

create table tile_module_patches (
  -- The table, or the module itself when it has no (live) table.
  group_id uuid not null,
  plant_id uuid not null references plants (id),
  -- Null for a table's base patch; the module for a module drawn over it.
  module_id uuid,
  status text not null,
  geom_3857 geometry(Polygon, 3857) not null
);
create index tile_module_patches_group_idx on tile_module_patches (group_id);
create index tile_module_patches_geom_gix on tile_module_patches using gist (geom_3857);

-- The visible plants of a tile request: all for staff, one company's for a client user,
-- only publicly shared ones for an anonymous caller; optionally one plant.
create function tile_visible_plants(scope_client uuid, plant uuid, public_only boolean) returns uuid[]
language sql stable as $$
  select coalesce(array_agg(id), '{}')
    from plants
   where deleted_at is null
     and (scope_client is null or client_id = scope_client)
     and (plant is null or id = plant)
     and (not public_only or public_share)
$$;

-- Rebuilds the patches of some groups (table ids, or ids of modules without a table).
-- The groups are a set the rows are joined with (`= any(array)` would be a linear search
-- per row: quadratic for a whole plant); a base takes its table's outline after grouping.
create function tile_refresh_patches(groups uuid[]) returns void
language sql
-- Runs inside the statement that inserted the modules, before any ANALYZE has seen them:
-- with no statistics, bitmap plans ANDed a whole scan of the partial index
-- modules_code_key per table (hours for a 2-million-module plant). Index scans do the
-- same lookups.
set enable_bitmapscan = off
as $$
  -- A module keeps its own group while its table is deleted: clear both ways.
  delete from tile_module_patches p
   using (select distinct g as id from unnest(groups) g) w
   where p.group_id = w.id;
  delete from tile_module_patches p
   using modules m, (select distinct g as id from unnest(groups) g) w
   where m.table_id = w.id and p.module_id = m.id;

  with wanted as (select distinct g as id from unnest(groups) g),
  members as (
    -- Modules of a live table: grouped by it.
    select t.id as group_id, m.id, m.plant_id, m.status, m.geom_3857, true as on_table
      from wanted w
      join tables t on t.id = w.id and t.deleted_at is null
      join modules m on m.table_id = t.id and m.deleted_at is null
    union all
    -- Modules without one (or whose table is deleted): each its own group.
    select m.id, m.id, m.plant_id, m.status, m.geom_3857, false
      from wanted w
      join modules m on m.id = w.id and m.deleted_at is null
     where m.table_id is null
        or not exists (select 1 from tables t where t.id = m.table_id and t.deleted_at is null)
    union all
    select m.id, m.id, m.plant_id, m.status, m.geom_3857, false
      from wanted w
      join tables t on t.id = w.id and t.deleted_at is not null
      join modules m on m.table_id = t.id and m.deleted_at is null
     where m.id not in (select id from wanted)
  ),
  majority as (
    select group_id, mode() within group (order by status) as status
      from members where on_table group by group_id
  )
  insert into tile_module_patches (group_id, plant_id, module_id, status, geom_3857)
  select t.id, t.plant_id, null, mj.status, t.geom_3857
    from majority mj join tables t on t.id = mj.group_id
  union all
  select m.group_id, m.plant_id, m.id, m.status, m.geom_3857
    from members m left join majority mj using (group_id)
   where mj.status is distinct from m.status
$$;

-- Statement-level triggers on modules: one pass per statement, however many rows (the
-- plant generator inserts two million in one). Counts move by the difference; patches
-- are rebuilt for the groups the statement touched.
create function tile_modules_inserted() returns trigger
language plpgsql as $$
begin
  insert into tile_plant_counts as c (plant_id, status, modules)
  select plant_id, status, count(*) from new_rows where deleted_at is null group by plant_id, status
  on conflict (plant_id, status) do update set modules = c.modules + excluded.modules;
  perform tile_refresh_patches(array(select distinct coalesce(table_id, id) from new_rows));
  return null;
end $$;

create function tile_modules_updated() returns trigger
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
        or n.deleted_at is distinct from o.deleted_at or not st_equals(n.geom, o.geom)));
  return null;
end $$;

create function tile_modules_deleted() returns trigger
language plpgsql as $$
begin
  update tile_plant_counts c set modules = c.modules - x.n
    from (select plant_id, status, count(*) as n from old_rows where deleted_at is null group by plant_id, status) x
   where c.plant_id = x.plant_id and c.status = x.status;
  perform tile_refresh_patches(array(select distinct coalesce(table_id, id) from old_rows));
  return null;
end $$;

create trigger tile_modules_ins after insert on modules
  referencing new table as new_rows for each statement execute function tile_modules_inserted();
create trigger tile_modules_upd after update on modules
  referencing old table as old_rows new table as new_rows for each statement execute function tile_modules_updated();
create trigger tile_modules_del after delete on modules
  referencing old table as old_rows for each statement execute function tile_modules_deleted();

-- A table's outline is its base patch: a moved or deleted table rebuilds its group.
create function tile_tables_changed() returns trigger
language plpgsql as $$
begin
  perform tile_refresh_patches(array(
    select n.id from new_rows n join old_rows o using (id)
     where n.deleted_at is distinct from o.deleted_at or not st_equals(n.geom, o.geom)));
  return null;
end $$;

create trigger tile_tables_upd after update on tables
  referencing old table as old_rows new table as new_rows for each statement execute function tile_tables_changed();

-- What already exists.
insert into tile_plant_counts (plant_id, status, modules)
select plant_id, status, count(*) from modules where deleted_at is null group by plant_id, status;
select tile_refresh_patches(array(select distinct coalesce(table_id, id) from modules where deleted_at is null));
