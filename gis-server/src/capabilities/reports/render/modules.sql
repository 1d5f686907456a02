-- The modules of audit $1 found with another status than ok, as GeoJSON features for the
-- plant map (the audit's own status, which may differ from today's: what the tiles draw),
-- with the inverter of their string and the zone of their table: the detail map (per inverter
-- or per zone) that writes their codes.
select m.code, am.status, st_asgeojson(m.geom, 7)::json as geometry,
       st_x(st_pointonsurface(m.geom)) as lon, st_y(st_pointonsurface(m.geom)) as lat, s.inverter_id as "inverterId", t.zone_id as "zoneId"
  from audit_modules am
  join modules m on m.id = am.module_id and m.deleted_at is null
  left join strings s on s.id = m.string_id and s.deleted_at is null
  left join tables t on t.id = m.table_id and t.deleted_at is null
 where am.audit_id = $1 and am.deleted_at is null and am.status <> 'ok'
 order by m.code collate natural_order;
