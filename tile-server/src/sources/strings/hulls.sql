-- Zooms 17–18: a string's outline as the hull of its modules (one ring instead of one per
-- module), stored with the string (021) rather than computed for every tile.
select tile_small_polygon(s.hull_3857, env.tile) as geom,
       s.id::text as id, s.code, i.code as inverter, s.inverter_id::text as inverter_id, s.plant_id::text as plant_id
  from env
  join strings s on s.geom_3857 && env.area
  left join inverters i on i.id = s.inverter_id
 where s.deleted_at is null and s.plant_id = any(env.plants)
