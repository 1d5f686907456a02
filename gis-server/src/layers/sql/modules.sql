-- Modules as a flat relation: id, plantId, clientId, geom, then the properties.
select l.id, l.plant_id as "plantId", p.client_id as "clientId", l.geom,
       l.code, l.status, l.string_id as "stringId", s.code as "stringCode",
       l.position_in_string as "positionInString", l.table_id as "tableId", t.code as "tableCode",
       l.model_id as "modelId", l.row_index as "rowIndex", l.column_index as "columnIndex",
       l.tilt_deg::float8 as "tiltDeg", l.azimuth_deg::float8 as "azimuthDeg", l.height_m::float8 as "heightM",
       l.revision
  from modules l
  join plants p on p.id = l.plant_id and p.deleted_at is null
  left join strings s on s.id = l.string_id
  left join tables t on t.id = l.table_id
 where l.deleted_at is null
