-- Audits with their counts: of a mission ($1), or one audit ($2), or the audits of a
-- plant ($4). $3: the caller's client company (null for staff); a client sees the
-- validated audits of its own plants only.
select a.id, a.mission_id as "missionId", a.plant_id as "plantId", pl.name as "plantName", a.audit_type as "auditType",
       a.status, a.started_at as "startedAt", a.finished_at as "finishedAt", a.conditions,
       pu.full_name as "performedBy", a.validated_at as "validatedAt", vu.full_name as "validatedBy",
       json_build_object(
         'modules', case when a.audit_type in ('el', 'thermography', 'visual', 'drone')
                         then (select count(*) from modules m where m.plant_id = a.plant_id and m.deleted_at is null) else 0 end,
         'inspected', (select count(*) from audit_modules am where am.audit_id = a.id and am.deleted_at is null),
         'defects', (select count(*) from defects d where d.audit_id = a.id and d.deleted_at is null),
         'photos', (select count(*) from photos p where p.audit_id = a.id and p.deleted_at is null),
         'photosPending', (select count(*) from photos p where p.audit_id = a.id and p.deleted_at is null
                             and not exists (select 1 from stored_files f where f.sha256 = p.sha256))
       ) as counts,
       a.revision, a.updated_at as "updatedAt"
  from audits a
  join plants pl on pl.id = a.plant_id and pl.deleted_at is null
  left join users pu on pu.id = a.performed_by
  left join users vu on vu.id = a.validated_by
 where a.deleted_at is null
   and ($1::uuid is null or a.mission_id = $1)
   and ($2::uuid is null or a.id = $2)
   and ($4::uuid is null or a.plant_id = $4)
   and ($3::uuid is null or (pl.client_id = $3 and a.validated_at is not null))
 order by coalesce(a.started_at, a.created_at) desc, a.audit_type
