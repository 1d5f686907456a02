-- Zooms 15–17: the cables of a plant merged per kind into one line feature, without
-- their ids, codes and lengths. Thousands of AC cables running to one substation, each
-- with its own properties, made a z15 tile 320 KB on a 2-million-module plant (80 KB per
-- 1,000 cables of properties alone); at z17 a dense tile still holds 3,000 string cables,
-- whose properties cost ST_AsMVT three times their lines (12–20 ms of the tile).
-- AC, earth and communication cables from z15, main DC from z16, string DC from z17.
select st_asmvtgeom(m.geom, env.tile, 4096, 64, true) as geom, m.kind, m.plant_id::text as plant_id
  from env, (
    select c.kind, c.plant_id, st_collect(c.geom_3857) as geom
      from env
      join cables c on c.geom_3857 && env.area
     where c.deleted_at is null and c.plant_id = any(env.plants)
       and (c.kind <> 'dc_string' or $1 >= 17) and (c.kind <> 'dc_main' or $1 >= 16)
     group by c.kind, c.plant_id
  ) m
