-- What one detail map of audit $1 draws within its view $4..$7 (west, south, east, north):
-- the modules of inverter or zone $3 ($8: 'inverter' or 'zone') with the status this audit
-- found (today's where it has none), and for context the tables of plant $2 — the other
-- modules are not drawn one by one: a long inverter's view may hold a large part of a big
-- plant — and the plant's
-- boundary line cut to the view (drawn dashed, a whole boundary of kilometres would be
-- thousands of dashes in every map of the PDF).
select 'table' as kind, null as code, null as status, st_asgeojson(t.geom, 7)::json as geometry
  from tables t
 where t.plant_id = $2 and t.deleted_at is null and t.geom && st_makeenvelope($4, $5, $6, $7, 4326)
union all
select 'module', m.code, coalesce(am.status, m.status), st_asgeojson(m.geom, 7)::json
  from modules m
  left join strings s on s.id = m.string_id and s.deleted_at is null
  left join tables t on t.id = m.table_id and t.deleted_at is null
  left join audit_modules am on am.audit_id = $1 and am.module_id = m.id and am.deleted_at is null
 where m.plant_id = $2 and m.deleted_at is null and m.geom && st_makeenvelope($4, $5, $6, $7, 4326)
   and case $8::text when 'zone' then t.zone_id = $3 else s.inverter_id = $3 end
union all
select 'boundary', null, null, st_asgeojson(st_intersection(st_boundary(p.boundary), v.box), 7)::json
  from plants p, (select st_expand(st_makeenvelope($4, $5, $6, $7, 4326), 0.0005) as box) v
 where p.id = $2 and p.boundary is not null and st_intersects(st_boundary(p.boundary), v.box);
