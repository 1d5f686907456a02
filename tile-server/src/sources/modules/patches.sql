-- Mid zooms: each table in the status most of its modules have (z15–16), and from z17
-- the modules of other statuses drawn over it (kept by sql/migrations/010_tiles.sql).
-- Bases come first.
select st_asmvtgeom(p.geom_3857, env.tile, 4096, 64, true) as geom,
       p.status, p.group_id::text as table_id, p.plant_id::text as plant_id
  from env
  join tile_module_patches p on p.geom_3857 && env.area
 where p.plant_id = any(env.plants) and ($1 >= 17 or p.module_id is null)
 order by p.module_id is not null
