-- A module ($2) of a plant ($1) in each audit of the plant that inspected modules, oldest
-- first: its status then, null where that audit did not inspect it; $3: validated audits only.
select m.id as "moduleId", m.code,
       coalesce(jsonb_agg(jsonb_build_object(
         'auditId', a.id, 'auditType', a.audit_type, 'at', coalesce(a.finished_at, a.started_at, a.created_at),
         'status', am.status) order by coalesce(a.finished_at, a.started_at, a.created_at), a.id)
         filter (where a.id is not null), '[]') as audits
  from modules m
  left join audits a on a.plant_id = m.plant_id and a.deleted_at is null
   and (not $3::boolean or a.validated_at is not null)
   and exists (select 1 from audit_modules x where x.audit_id = a.id and x.deleted_at is null)
  left join audit_modules am on am.audit_id = a.id and am.module_id = m.id and am.deleted_at is null
 where m.id = $2 and m.plant_id = $1 and m.deleted_at is null
 group by m.id;
