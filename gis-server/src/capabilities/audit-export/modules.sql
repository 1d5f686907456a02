-- The module results of one audit ($1) on its plant ($2): every live module of the plant,
-- pending where the audit did not inspect it, with its findings summed up. Findings are
-- those that count (008_status): live, open or not, manual or validated AI, not rejected.
with findings as (
  select d.module_id, count(*)::int as n,
         (array_agg(d.severity order by case d.severity when 'urgent' then 3 when 'warning' then 2 else 1 end desc))[1] as worst,
         array_agg(distinct d.defect_type order by d.defect_type) as types,
         string_agg(d.description, ' | ' order by d.observed_at) filter (where d.description is not null) as descriptions
    from defects d
   where d.audit_id = $1 and d.module_id is not null and d.deleted_at is null
     and (d.source = 'manual' or d.validated_at is not null) and d.review is distinct from 'rejected'
   group by d.module_id
)
select m.code, s.code as string, m.position_in_string as position, t.code as "table", m.row_index as row,
       m.column_index as column, i.code as inverter, coalesce(am.status, 'pending') as status,
       am.inspected_at as "inspectedAt", coalesce(f.n, 0) as defects, f.worst as severity, f.types, f.descriptions,
       round(st_x(st_pointonsurface(m.geom))::numeric, 7)::float8 as lon,
       round(st_y(st_pointonsurface(m.geom))::numeric, 7)::float8 as lat
  from modules m
  left join audit_modules am on am.audit_id = $1 and am.module_id = m.id and am.deleted_at is null
  left join findings f on f.module_id = m.id
  left join strings s on s.id = m.string_id
  left join inverters i on i.id = s.inverter_id
  left join tables t on t.id = m.table_id
 where m.plant_id = $2 and m.deleted_at is null
 order by nullif(substring(s.code from '[0-9]+'), '')::int nulls last, s.code, m.position_in_string nulls last, m.code
