-- Every audit of a plant, newest first, with how many modules it inspected and how many
-- open defects it found. $1 plant id.
select a.id, a.mission_id as "missionId", a.audit_type as "auditType", a.status,
       a.started_at as "startedAt", a.finished_at as "finishedAt",
       (select count(*) from audit_modules am where am.audit_id = a.id and am.deleted_at is null)::int as "modulesInspected",
       (select count(*) from defects d where d.audit_id = a.id and d.deleted_at is null and d.resolved_at is null
           and (d.source = 'manual' or d.validated_at is not null))::int as "openDefects"
  from audits a
 where a.plant_id = $1 and a.deleted_at is null
 order by coalesce(a.started_at, a.created_at) desc, a.id
