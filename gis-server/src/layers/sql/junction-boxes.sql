-- Junction boxes as a flat relation: id, plantId, clientId, geom, then the properties.
select l.id, l.plant_id as "plantId", p.client_id as "clientId", l.geom,
       l.code, l.inverter_id as "inverterId", i.code as "inverterCode", l.input_count::int as "inputCount"
  from junction_boxes l
  join plants p on p.id = l.plant_id and p.deleted_at is null
  left join inverters i on i.id = l.inverter_id
 where l.deleted_at is null
