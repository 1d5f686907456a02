-- The inverters of a plant, for the map's filter. $1 plant id.
select i.id, i.code,
       (select count(*) from strings s where s.inverter_id = i.id and s.deleted_at is null)::int as "stringCount"
  from inverters i
 where i.plant_id = $1 and i.deleted_at is null
 order by i.code collate natural_order, i.id
