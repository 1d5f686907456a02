-- From zoom 13: the plant's boundary (its location when it has none).
select st_asmvtgeom(coalesce(p.boundary_3857, p.location_3857), env.tile, 4096, 64, true) as geom,
       p.id::text as id, p.name, p.client_id::text as client_id, p.peak_kwp::float8 as peak_kwp
  from env
  join plants p on p.id = any(env.plants)
 where coalesce(p.boundary_3857, p.location_3857) && env.area
