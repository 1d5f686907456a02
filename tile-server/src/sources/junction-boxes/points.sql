select st_asmvtgeom(j.geom_3857, env.tile, 4096, 64, true) as geom,
       j.id::text as id, j.code, j.inverter_id::text as inverter_id, j.plant_id::text as plant_id
  from env
  join junction_boxes j on j.geom_3857 && env.area
 where j.deleted_at is null and j.plant_id = any(env.plants)
