-- One page of features as GeoJSON text, ordered by id for keyset paging.
-- $1 plant id, $2..$5 bbox (minLon, minLat, maxLon, maxLat; null: no bbox), $6 the id
-- after which the page starts (null: first page), $7 page size; defects: $8 audit id or null.
select l.id, json_build_object('type', 'Feature', 'id', l.id, 'geometry', st_asgeojson(l.geom, 8)::json,
  'properties', json_build_object('code', l.code, 'name', l.name))::text as feature
  from zones l
 where l.plant_id = $1 and l.deleted_at is null
   and ($2::float8 is null or st_intersects(l.geom, st_makeenvelope($2, $3, $4, $5, 4326)))
   and ($6::uuid is null or l.id > $6)
 order by l.id
 limit $7
