-- Strings as a flat relation: id, plantId, clientId, geom, then the properties.
select l.id, l.plant_id as "plantId", p.client_id as "clientId", l.geom,
       l.code, l.inverter_id as "inverterId", i.code as "inverterCode",
       l.mppt_input_id as "mpptInputId", mi.input_index::int as "mpptIndex",
       l.junction_box_id as "junctionBoxId", jb.code as "junctionBoxCode",
       (select count(*) from modules m where m.string_id = l.id and m.deleted_at is null)::int as "moduleCount"
  from strings l
  join plants p on p.id = l.plant_id and p.deleted_at is null
  left join inverters i on i.id = l.inverter_id
  left join mppt_inputs mi on mi.id = l.mppt_input_id
  left join junction_boxes jb on jb.id = l.junction_box_id
 where l.deleted_at is null
