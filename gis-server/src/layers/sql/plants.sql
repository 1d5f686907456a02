-- Plants as a flat relation (geometry: the boundary): id, plantId, clientId, geom, then the properties.
select p.id, p.id as "plantId", p.client_id as "clientId", p.boundary as geom,
       p.name, c.name as "clientName", p.reference, p.mounting, p.address, p.postal_code as "postalCode",
       p.city, p.country, p.peak_kwp::float8 as "peakKwp", p.commissioning_date as "commissioningDate",
       p.srid, p.timezone
  from plants p
  join clients c on c.id = p.client_id
 where p.deleted_at is null
