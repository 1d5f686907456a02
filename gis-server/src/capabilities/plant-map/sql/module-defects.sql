-- The defects of one module, newest first, with their photos. Unvalidated AI suggestions
-- are not findings yet; a client (or a share link) reads validated audits only. $1 module
-- id, $2 audit id or null, $3 validated audits only.
select d.id, d.audit_id as "auditId", a.audit_type as "auditType", d.defect_type as "defectType",
       d.module_status as "moduleStatus", d.severity, d.iec_class as "iecClass",
       d.delta_t_c::float8 as "deltaTC", d.description, d.observed_at as "observedAt",
       d.resolved_at as "resolvedAt",
       coalesce((select json_agg(json_build_object(
                  'id', p.id, 'category', p.category, 'caption', p.caption,
                  'filename', p.original_filename, 'takenAt', p.taken_at) order by p.created_at, p.id)
                   from photos p where p.defect_id = d.id and p.deleted_at is null), '[]') as photos
  from defects d
  join audits a on a.id = d.audit_id
 where d.module_id = $1 and d.deleted_at is null and a.deleted_at is null
   and (d.source = 'manual' or d.validated_at is not null)
   and ($2::uuid is null or d.audit_id = $2)
   and (not $3::boolean or a.validated_at is not null)
 order by d.observed_at desc, d.id
