select tile_small_polygon(s.geom_3857, env.tile) as geom,
       s.id::text as id, s.code, (select i.code from inverters i where i.id = s.inverter_id) as inverter,
       s.inverter_id::text as inverter_id, s.plant_id::text as plant_id
  from env
  join strings s on s.geom_3857 && env.area
 where s.deleted_at is null and s.plant_id = any(env.plants)
