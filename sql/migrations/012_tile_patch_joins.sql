-- tile_refresh_patches (010) compared every row with the whole array of groups
-- (`= any(groups)` is a linear search for an array that is not a constant): fine for one
-- table, quadratic for a plant of 40,000 tables built or audited in one statement. The
-- groups are now a set that the rows are joined with: the same result in one pass.
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
  ids as (
    select m.id from modules m join wanted w on m.table_id = w.id
    union
    select w.id from wanted w
  ),
  members as (
    select case when t.id is null then m.id else t.id end as group_id,
           m.id, m.plant_id, m.status, m.geom_3857, t.geom_3857 as table_geom
      from ids
      join modules m on m.id = ids.id
      left join tables t on t.id = m.table_id and t.deleted_at is null
     where m.deleted_at is null
  ),
  bases as (
    select group_id, min(plant_id::text)::uuid as plant_id,
           mode() within group (order by status) as status,
           (array_agg(table_geom))[1] as geom_3857
      from members
     where table_geom is not null
     group by group_id
  )
  insert into tile_module_patches (group_id, plant_id, module_id, status, geom_3857)
  select group_id, plant_id, null, status, geom_3857 from bases
  union all
  select m.group_id, m.plant_id, m.id, m.status, m.geom_3857
    from members m left join bases b using (group_id)
   where b.status is distinct from m.status
$$;
