-- Zooms 13–14: tables merged into their blocks (zones), outlines only.
select st_asmvtgeom(z.geom_3857, env.tile, 4096, 64, true) as geom,
       z.id::text as id, z.code, z.name, 'block' as kind, z.plant_id::text as plant_id
  from env
  join zones z on z.geom_3857 && env.area
 where z.deleted_at is null and z.plant_id = any(env.plants)
