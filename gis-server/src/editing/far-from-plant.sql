-- How far, in km, the farthest corner of geometry $1 (EWKB or EWKT, any SRID) lies from
-- plant $2: from its boundary, or from its location when it has no boundary. No row when
-- the plant has neither (its first layout then says where it is).
select max(st_distance(p.ref::geography, st_transform(d.geom, 4326)::geography)) / 1000 as km
  from (select coalesce(boundary, location) as ref from plants where id = $2) p,
       st_dumppoints(st_envelope($1::geometry)) d
 where p.ref is not null
 group by p.ref
