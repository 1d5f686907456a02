-- Zoom 17: each table in the status most of its modules have, and the modules of other
-- statuses drawn over it (kept by sql/migrations/010_tiles.sql). Bases come first.
select tile_small_polygon(p.geom_3857, env.tile) as geom,
       p.status, p.group_id::text as table_id, p.plant_id::text as plant_id
  from env
  join tile_module_patches p on p.geom_3857 && env.area
 where p.plant_id = any(env.plants)
 order by p.module_id is not null
