-- tile_refresh_patches, lighter for whole plants: the members of the groups are found by
-- two joins without de-duplicating millions of ids, and a base takes its table's outline
-- after grouping (not by carrying one outline per module through the aggregate).
create or replace function tile_refresh_patches(groups uuid[]) returns void
language sql as $$
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
