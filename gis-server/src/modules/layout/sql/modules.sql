-- One page of features as GeoJSON text, ordered by id for keyset paging.
-- $1 plant id, $2..$5 bbox (minLon, minLat, maxLon, maxLat; null: no bbox), $6 the id
-- after which the page starts (null: first page), $7 page size; defects: $8 audit id or null.
select l.id, json_build_object('type', 'Feature', 'id', l.id, 'geometry', st_asgeojson(l.geom, 8)::json,
  'properties', json_build_object(
    'code', l.code, 'status', l.status, 'stringId', l.string_id, 'stringCode', s.code,
    'positionInString', l.position_in_string, 'tableId', l.table_id, 'tableCode', t.code,
    'modelId', l.model_id, 'rowIndex', l.row_index, 'columnIndex', l.column_index,
    'tiltDeg', l.tilt_deg::float8, 'azimuthDeg', l.azimuth_deg::float8, 'heightM', l.height_m::float8,
    'revision', l.revision))::text as feature
  from modules l
  left join strings s on s.id = l.string_id
  left join tables t on t.id = l.table_id
 where l.plant_id = $1 and l.deleted_at is null
   and ($2::float8 is null or st_intersects(l.geom, st_makeenvelope($2, $3, $4, $5, 4326)))
   and ($6::uuid is null or l.id > $6)
 order by l.id
 limit $7
