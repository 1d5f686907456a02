select st_asmvtgeom(c.geom_3857, env.tile, 4096, 64, true) as geom,
       c.id::text as id, c.code, c.kind, c.length_m::float8 as length_m, c.plant_id::text as plant_id
  from env
  join cables c on c.geom_3857 && env.area
 where c.deleted_at is null and c.plant_id = any(env.plants)
   -- One string cable per string: from z17; main DC cables (one per box) from z16;
   -- AC, earth and communication cables from z15.
   and (c.kind not in ('dc_string', 'dc_main') or (c.kind = 'dc_main' and $1 >= 16) or $1 >= 17)
