-- The strings of a plant, for the map's filter. $1 plant id, $2 inverter id or null,
-- $3 code prefix (LIKE wildcards escaped) or null, $4 limit.
select s.id, s.code, s.inverter_id as "inverterId",
       (select count(*) from modules m where m.string_id = s.id and m.deleted_at is null)::int as "moduleCount",
       count(*) over ()::int as total
  from strings s
 where s.plant_id = $1 and s.deleted_at is null
   and ($2::uuid is null or s.inverter_id = $2)
   and ($3::text is null or upper(s.code) like upper($3) || '%')
 order by s.code collate natural_order, s.id
 limit $4
