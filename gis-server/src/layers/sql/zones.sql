-- Zones as a flat relation: id, plantId, clientId, geom, then the properties.
select l.id, l.plant_id as "plantId", p.client_id as "clientId", l.geom,
       l.code, l.name
  from zones l
  join plants p on p.id = l.plant_id and p.deleted_at is null
 where l.deleted_at is null
