-- Cables as a flat relation: id, plantId, clientId, geom, then the properties.
select l.id, l.plant_id as "plantId", p.client_id as "clientId", l.geom,
       l.code, l.kind, l.from_kind as "fromKind", l.from_id as "fromId", l.to_kind as "toKind", l.to_id as "toId",
       l.cross_section_mm2::float8 as "crossSectionMm2", l.conductor, l.length_m::float8 as "lengthM"
  from cables l
  join plants p on p.id = l.plant_id and p.deleted_at is null
 where l.deleted_at is null
