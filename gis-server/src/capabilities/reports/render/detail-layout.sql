-- What one detail map of audit $1 draws: inverter $3's modules with the status this audit
-- found (today's where it has none), and for context the tables of plant $2 within the
-- view $4..$7 (west, south, east, north) — the other inverters' modules are not drawn one
-- by one: a long inverter's view may hold a large part of a big plant.
select 'table' as kind, null as code, null as status, st_asgeojson(t.geom, 7)::json as geometry
  from tables t
 where t.plant_id = $2 and t.deleted_at is null and t.geom && st_makeenvelope($4, $5, $6, $7, 4326)
union all
select 'module', m.code, coalesce(am.status, m.status), st_asgeojson(m.geom, 7)::json
  from strings s
  join modules m on m.string_id = s.id and m.deleted_at is null
  left join audit_modules am on am.audit_id = $1 and am.module_id = m.id and am.deleted_at is null
 where s.inverter_id = $3 and s.deleted_at is null;
