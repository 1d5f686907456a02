-- From zoom 18: every cable with its id, code, kind and length (string cables included).
select st_asmvtgeom(c.geom_3857, env.tile, 4096, 64, true) as geom,
       c.id::text as id, c.code, c.kind, c.length_m::float8 as length_m, c.plant_id::text as plant_id
  from env
  join cables c on c.geom_3857 && env.area
 where c.deleted_at is null and c.plant_id = any(env.plants)
