-- Reports as the API shows them: one ($1), or a plant's ($2), newest first. $3: only
-- these statuses (a client user sees sent and archived reports only), null for all.
select r.id, r.plant_id as "plantId", r.audit_id as "auditId", r.mission_id as "missionId", r.title, r.language, r.status,
       a.audit_type as "auditType", r.sha256, r.document_key is not null as "hasPdf", r.pages, r.size_bytes::int as "sizeBytes",
       r.rendered_at as "renderedAt", r.job_id as "jobId", r.with_plans as "withPlans", r.map_pages as "mapPages", r.created_at as "createdAt", r.updated_at as "updatedAt"
  from reports r
  left join audits a on a.id = r.audit_id
 where r.deleted_at is null
   and ($1::uuid is null or r.id = $1)
   and ($2::uuid is null or r.plant_id = $2)
   and ($3::text[] is null or r.status = any($3))
 order by r.created_at desc, r.id;
