-- Zooms 15–16: each table in the status most of its modules have (kept by
-- sql/migrations/010_tiles.sql), read through the partial index of the bases alone
-- (021): the modules drawn over them from z17 are never read here. A client ($8) sees
-- the published statuses: the tables where they differ have patches of their own
-- (092), read instead of the office's.
select tile_small_polygon(p.geom_3857, env.tile) as geom,
       p.status, p.group_id::text as table_id, p.plant_id::text as plant_id
  from env
  join tile_module_patches p on p.geom_3857 && env.area
 where p.module_id is null and p.plant_id = any(env.plants)
   and (not $8 or not exists (select 1 from tile_published_patches q where q.group_id = p.group_id))
union all
select tile_small_polygon(q.geom_3857, env.tile), q.status, q.group_id::text, q.plant_id::text
  from env
  join tile_published_patches q on q.geom_3857 && env.area
 where $8 and q.module_id is null and q.plant_id = any(env.plants)
