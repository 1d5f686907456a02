-- One module as the map's side panel shows it. $1 plant id, $2 module id, $3 audit id or
-- null, $4 whether the caller sees the published statuses (a client).
select m.id, m.plant_id as "plantId", m.code,
       case when $3::uuid is not null then coalesce(am.status, 'pending')
            when $4::boolean then m.published_status else m.status end as status,
       case when st.id is null then null else json_build_object('id', st.id, 'code', st.code) end as string,
       m.position_in_string as "positionInString",
       case when i.id is null then null else json_build_object('id', i.id, 'code', i.code) end as inverter,
       t.code as "tableCode",
       case when mm.id is null then null else json_build_object(
         'id', mm.id, 'manufacturer', mm.manufacturer, 'model', mm.model, 'powerWp', mm.power_wp::float8) end as model,
       st_asgeojson(m.geom, 8)::json as geometry,
       array[st_xmin(m.geom), st_ymin(m.geom), st_xmax(m.geom), st_ymax(m.geom)] as bbox
  from modules m
  left join strings st on st.id = m.string_id
  left join inverters i on i.id = st.inverter_id
  left join tables t on t.id = m.table_id
  left join module_models mm on mm.id = m.model_id
  left join audit_modules am
    on $3::uuid is not null and am.audit_id = $3 and am.module_id = m.id and am.deleted_at is null
 where m.plant_id = $1 and m.id = $2 and m.deleted_at is null
