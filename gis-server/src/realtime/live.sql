-- The defects and module results a sync change wrote, as the live maps draw them.
--   $1 mission id, $2 defect ids, $3 module ids (module results written, and defects' modules).
select 'defect' as kind, jsonb_build_object(
         'id', d.id, 'moduleId', d.module_id, 'moduleCode', m.code, 'defectType', d.defect_type,
         'moduleStatus', d.module_status, 'severity', d.severity,
         'lon', st_x(d.geom), 'lat', st_y(d.geom), 'deleted', d.deleted_at is not null) as row
  from defects d
  join audits a on a.id = d.audit_id and a.mission_id = $1
  left join modules m on m.id = d.module_id
 where d.id = any($2::uuid[])
union all
select 'module', jsonb_build_object('auditId', am.audit_id, 'moduleId', am.module_id, 'status', am.status)
  from audit_modules am
  join audits a on a.id = am.audit_id and a.mission_id = $1
 where am.module_id = any($3::uuid[])
