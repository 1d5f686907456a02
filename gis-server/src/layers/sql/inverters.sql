-- Inverters as a flat relation: id, plantId, clientId, geom, then the properties
-- (mpptInputs is a JSON array: flat formats carry it as text).
select l.id, l.plant_id as "plantId", p.client_id as "clientId", l.geom,
       l.code, l.manufacturer, l.model, l.rated_power_kw::float8 as "ratedPowerKw", l.serial_number as "serialNumber",
       coalesce((select json_agg(json_build_object('id', mi.id, 'index', mi.input_index, 'maxStrings', mi.max_strings,
                                                   'maxVoltageV', mi.max_voltage_v, 'maxCurrentA', mi.max_current_a)
                                 order by mi.input_index)
                   from mppt_inputs mi where mi.inverter_id = l.id and mi.deleted_at is null), '[]'::json) as "mpptInputs",
       (select count(*) from strings s where s.inverter_id = l.id and s.deleted_at is null)::int as "stringCount"
  from inverters l
  join plants p on p.id = l.plant_id and p.deleted_at is null
 where l.deleted_at is null
