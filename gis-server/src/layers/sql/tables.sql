-- Tables (mounting structures) as a flat relation: id, plantId, clientId, geom, then the properties.
select l.id, l.plant_id as "plantId", p.client_id as "clientId", l.geom,
       l.code, l.zone_id as "zoneId", l.tilt_deg::float8 as "tiltDeg", l.azimuth_deg::float8 as "azimuthDeg",
       l.height_m::float8 as "heightM", l.row_count as "rowCount", l.column_count as "columnCount",
       l.orientation,
       (select count(*) from modules m where m.table_id = l.id and m.deleted_at is null)::int as "moduleCount"
  from tables l
  join plants p on p.id = l.plant_id and p.deleted_at is null
 where l.deleted_at is null
