select st_asmvtgeom(i.geom_3857, env.tile, 4096, 64, true) as geom,
       i.id::text as id, i.code, i.rated_power_kw::float8 as rated_power_kw, i.plant_id::text as plant_id
  from env
  join inverters i on i.geom_3857 && env.area
 where i.deleted_at is null and i.plant_id = any(env.plants)
