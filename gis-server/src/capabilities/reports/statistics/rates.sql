-- Defect rates of one audit ($1) per table, string, inverter and zone: modules audited and
-- modules found with any other status than ok. Modules of no string, inverter or zone
-- count in the groups they have.
with audited as (
  select am.status, m.table_id, m.string_id, s.inverter_id, t.zone_id
    from audit_modules am
    join modules m on m.id = am.module_id and m.deleted_at is null
    left join strings s on s.id = m.string_id and s.deleted_at is null
    left join tables t on t.id = m.table_id and t.deleted_at is null
   where am.audit_id = $1 and am.deleted_at is null
), grouped as (
  select case when grouping(table_id) = 0 then 'table' when grouping(string_id) = 0 then 'string'
              when grouping(inverter_id) = 0 then 'inverter' else 'zone' end as kind,
         coalesce(table_id, string_id, inverter_id, zone_id) as id,
         count(*)::int as audited,
         count(*) filter (where status <> 'ok')::int as defective
    from audited
   group by grouping sets ((table_id), (string_id), (inverter_id), (zone_id))
)
select g.kind, g.id, coalesce(t.code, s.code, i.code, z.code) as code, g.audited, g.defective,
       g.defective::float8 / g.audited as rate
  from grouped g
  left join tables t on g.kind = 'table' and t.id = g.id
  left join strings s on g.kind = 'string' and s.id = g.id
  left join inverters i on g.kind = 'inverter' and i.id = g.id
  left join zones z on g.kind = 'zone' and z.id = g.id
 where g.id is not null
 order by g.kind, g.defective::float8 / g.audited desc, coalesce(t.code, s.code, i.code, z.code) collate natural_order;
