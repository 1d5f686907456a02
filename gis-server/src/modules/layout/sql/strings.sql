-- One page of features as GeoJSON text, ordered by id for keyset paging.
-- $1 plant id, $2..$5 bbox (minLon, minLat, maxLon, maxLat; null: no bbox), $6 the id
-- after which the page starts (null: first page), $7 page size; defects: $8 audit id or null.
select l.id, json_build_object('type', 'Feature', 'id', l.id, 'geometry', st_asgeojson(l.geom, 8)::json,
  'properties', json_build_object(
    'code', l.code, 'inverterId', l.inverter_id, 'inverterCode', i.code,
    'mpptInputId', l.mppt_input_id, 'mpptIndex', mi.input_index,
    'junctionBoxId', l.junction_box_id, 'junctionBoxCode', jb.code,
    'moduleCount', (select count(*) from modules m where m.string_id = l.id and m.deleted_at is null)))::text as feature
  from strings l
  left join inverters i on i.id = l.inverter_id
  left join mppt_inputs mi on mi.id = l.mppt_input_id
  left join junction_boxes jb on jb.id = l.junction_box_id
 where l.plant_id = $1 and l.deleted_at is null
   and ($2::float8 is null or st_intersects(l.geom, st_makeenvelope($2, $3, $4, $5, 4326)))
   and ($6::uuid is null or l.id > $6)
 order by l.id
 limit $7
