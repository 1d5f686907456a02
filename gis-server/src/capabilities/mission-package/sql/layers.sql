-- The other layers of the mission package, one statement each, separated by lines of
-- "-- layer: <name>". {plant} is the plant's id as a checked UUID literal.
-- layer: plant
select p.id::text as id, p.name, p.reference, p.mounting, p.peak_kwp::float8 as peak_kwp, p.srid,
       p.address, p.city, p.commissioning_date::text as commissioning_date, p.boundary::geometry(MultiPolygon, 4326) as geom
  from plants p where p.id = {plant}
-- layer: zones
select z.id::text as id, z.code, z.name, z.geom::geometry(MultiPolygon, 4326) as geom
  from zones z where z.plant_id = {plant} and z.deleted_at is null order by z.code
-- layer: tables
select t.id::text as id, t.code, t.zone_id::text as zone_id, t.tilt_deg::float8 as tilt_deg, t.azimuth_deg::float8 as azimuth_deg,
       t.height_m::float8 as height_m, t.row_count, t.column_count, t.orientation, t.geom::geometry(Polygon, 4326) as geom
  from tables t where t.plant_id = {plant} and t.deleted_at is null order by t.id
-- layer: strings
select s.id::text as id, s.code, v.code as inverter_code, mi.input_index as mppt_index, jb.code as junction_box_code,
       (select count(*) from modules m where m.string_id = s.id and m.deleted_at is null)::int as module_count,
       s.inverter_id::text as inverter_id, s.mppt_input_id::text as mppt_input_id, s.junction_box_id::text as junction_box_id,
       s.geom::geometry(MultiPolygon, 4326) as geom
  from strings s
  left join inverters v on v.id = s.inverter_id left join mppt_inputs mi on mi.id = s.mppt_input_id
  left join junction_boxes jb on jb.id = s.junction_box_id
 where s.plant_id = {plant} and s.deleted_at is null order by s.code
-- layer: inverters
select v.id::text as id, v.code, v.manufacturer, v.model, v.rated_power_kw::float8 as rated_power_kw, v.serial_number,
       v.geom::geometry(Point, 4326) as geom
  from inverters v where v.plant_id = {plant} and v.deleted_at is null order by v.code
-- layer: mppt_inputs
select mi.id::text as id, v.code as inverter_code, mi.inverter_id::text as inverter_id, mi.input_index, mi.max_strings,
       mi.max_voltage_v::float8 as max_voltage_v, mi.max_current_a::float8 as max_current_a
  from mppt_inputs mi join inverters v on v.id = mi.inverter_id
 where mi.plant_id = {plant} and mi.deleted_at is null order by v.code, mi.input_index
-- layer: junction_boxes
select jb.id::text as id, jb.code, v.code as inverter_code, jb.input_count, jb.inverter_id::text as inverter_id,
       jb.geom::geometry(Point, 4326) as geom
  from junction_boxes jb left join inverters v on v.id = jb.inverter_id
 where jb.plant_id = {plant} and jb.deleted_at is null order by jb.code
-- layer: cables
select c.id::text as id, c.code, c.kind, c.from_kind, c.from_id::text as from_id, c.to_kind, c.to_id::text as to_id,
       c.cross_section_mm2::float8 as cross_section_mm2, c.conductor, c.length_m::float8 as length_m,
       c.geom::geometry(LineString, 4326) as geom
  from cables c where c.plant_id = {plant} and c.deleted_at is null order by c.code
-- layer: module_models
select mm.id::text as id, mm.manufacturer, mm.model, mm.power_wp::float8 as power_wp, mm.width_mm, mm.height_mm,
       mm.cells_layout, mm.cell_count, mm.technology, mm.bifacial::int as bifacial, mm.voc_v::float8 as voc_v,
       mm.isc_a::float8 as isc_a, mm.vmp_v::float8 as vmp_v, mm.imp_a::float8 as imp_a
  from module_models mm where mm.id in (select model_id from modules where plant_id = {plant} and deleted_at is null)
 order by mm.manufacturer, mm.model
-- layer: package_info
select v.key, v.value
  from (values ('format', 'calepin-mission-package/1'), ('plant_id', {plant}::text),
               ('plant_name', (select name from plants where id = {plant})),
               ('plant_srid', (select srid::text from plants where id = {plant})),
               ('created_at', to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))) v(key, value)
