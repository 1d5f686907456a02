-- Zooms 15–16: each table in the status most of its modules have (kept by
-- sql/migrations/010_tiles.sql), read through the partial index of the bases alone
-- (021): the modules drawn over them from z17 are never read here.
select tile_small_polygon(p.geom_3857, env.tile) as geom,
       p.status, p.group_id::text as table_id, p.plant_id::text as plant_id
  from env
  join tile_module_patches p on p.geom_3857 && env.area
 where p.module_id is null and p.plant_id = any(env.plants)
