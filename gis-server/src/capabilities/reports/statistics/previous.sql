-- The audit a report compares with ($1): the latest earlier audit of the same plant that
-- inspected modules, of the same type when there is one (an EL audit is compared with the
-- last EL audit, else with the last audit of any type).
select p.id, p.audit_type as "auditType", coalesce(p.finished_at, p.started_at, p.created_at) as "at"
  from audits a
  join audits p on p.plant_id = a.plant_id and p.id <> a.id and p.deleted_at is null
 where a.id = $1
   and coalesce(p.started_at, p.created_at) < coalesce(a.started_at, a.created_at)
   and exists (select 1 from audit_modules x where x.audit_id = p.id and x.deleted_at is null)
 order by (p.audit_type = a.audit_type) desc, coalesce(p.started_at, p.created_at) desc
 limit 1;
