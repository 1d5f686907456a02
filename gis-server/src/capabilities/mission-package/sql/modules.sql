-- Modules of the mission package: the module layer with everything a technician reads
-- on a module without joins (model, string, inverter input, junction box, codes).
-- In spatial order (PostGIS sorts geometries along a space-filling curve): neighbours
-- land in neighbouring R-tree nodes and file pages, so the GeoPackage's R-tree is built
-- with far fewer page reads than in random (uuid) order.
select m.id::text as id, m.code, m.status, t.code as table_code, m.row_index, m.column_index,
       s.code as string_code, m.position_in_string, v.code as inverter_code, mi.input_index as mppt_index,
       jb.code as junction_box_code, mm.manufacturer as model_manufacturer, mm.model as model_name,
       mm.power_wp::float8 as power_wp, m.model_id::text as model_id, m.table_id::text as table_id,
       m.string_id::text as string_id, m.tilt_deg::float8 as tilt_deg, m.azimuth_deg::float8 as azimuth_deg,
       m.height_m::float8 as height_m, m.revision, m.geom::geometry(Polygon, 4326) as geom
  from modules m
  left join tables t on t.id = m.table_id
  left join strings s on s.id = m.string_id and s.deleted_at is null
  left join inverters v on v.id = s.inverter_id and v.deleted_at is null
  left join mppt_inputs mi on mi.id = s.mppt_input_id and mi.deleted_at is null
  left join junction_boxes jb on jb.id = s.junction_box_id and jb.deleted_at is null
  left join module_models mm on mm.id = m.model_id
 where m.plant_id = {plant} and m.deleted_at is null
 order by m.geom
