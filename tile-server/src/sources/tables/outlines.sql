select tile_small_polygon(t.geom_3857, env.tile) as geom,
       t.id::text as id, t.code, 'table' as kind, t.plant_id::text as plant_id
  from env
  join tables t on t.geom_3857 && env.area
 where t.deleted_at is null and t.plant_id = any(env.plants)
