-- The modules of audit $1 found with another status than ok, within the bounds $2..$5
-- (west, south, east, north; the whole plant when null), as GeoJSON features for the
-- maps: the audit's own status, which may differ from today's (what the tiles draw).
select m.code, am.status, st_asgeojson(m.geom, 7)::json as geometry,
       st_x(st_pointonsurface(m.geom)) as lon, st_y(st_pointonsurface(m.geom)) as lat
  from audit_modules am
  join modules m on m.id = am.module_id and m.deleted_at is null
 where am.audit_id = $1 and am.deleted_at is null and am.status <> 'ok'
   and ($2::float8 is null or m.geom && st_makeenvelope($2, $3, $4, $5, 4326))
 order by m.code collate natural_order;
