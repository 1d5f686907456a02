-- Defects of an audit ($1) or one defect ($2), with their photos; $3 the caller's client
-- company (validated audits only), $4 severity, $5 review ('none': not reviewed yet),
-- $6 limit, $7 offset.
select d.id, d.audit_id as "auditId", d.plant_id as "plantId", d.target_kind as "targetKind", d.module_id as "moduleId",
       m.code as "moduleCode", d.target_id as "targetId", d.defect_type as "defectType", d.module_status as "moduleStatus",
       d.severity, d.iec_class as "iecClass", d.delta_t_c as "deltaTC", d.description,
       d.voice_note_key is not null as "hasVoiceNote", st_asgeojson(d.geom, 9)::json as geom,
       d.gps_accuracy_m as "gpsAccuracyM", au.full_name as author, d.observed_at as "observedAt",
       d.resolved_at as "resolvedAt", d.resolution_note as "resolutionNote", d.source, d.ai_confidence as "aiConfidence",
       d.review, d.review_note as "reviewNote", d.reviewed_at as "reviewedAt", ru.full_name as "reviewedBy",
       coalesce((select json_agg(json_build_object(
                  'id', p.id, 'category', p.category, 'caption', p.caption,
                  'fileState', case when exists (select 1 from stored_files f where f.sha256 = p.sha256) then 'present'
                                    when exists (select 1 from stored_files f where f.preview_of = p.sha256) then 'preview'
                                    else 'pending' end) order by p.created_at)
                   from photos p where p.defect_id = d.id and p.deleted_at is null), '[]') as photos,
       d.revision, d.updated_at as "updatedAt", count(*) over () as total
  from defects d
  join audits a on a.id = d.audit_id and a.deleted_at is null
  join plants pl on pl.id = d.plant_id and pl.deleted_at is null
  left join modules m on m.id = d.module_id
  left join users au on au.id = d.author_id
  left join users ru on ru.id = d.reviewed_by
 where d.deleted_at is null
   and ($1::uuid is null or d.audit_id = $1)
   and ($2::uuid is null or d.id = $2)
   and ($3::uuid is null or (pl.client_id = $3 and a.validated_at is not null))
   and ($4::text is null or d.severity = $4)
   and ($5::text is null or d.review is not distinct from nullif($5, 'none'))
 order by status_rank(d.module_status) desc, d.severity desc, m.code collate natural_order, d.observed_at, d.id
 limit $6 offset $7
