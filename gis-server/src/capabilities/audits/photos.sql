-- Photos of an audit ($1) or one photo ($2); $3 the caller's client company.
select p.id, p.mission_id as "missionId", p.audit_id as "auditId", p.defect_id as "defectId", p.module_id as "moduleId",
       p.category, p.sha256, p.original_filename as filename, p.mime_type as "mimeType", p.size_bytes as "sizeBytes",
       p.width, p.height, p.taken_at as "takenAt", st_asgeojson(p.geom, 9)::json as geom, p.gps_source as "gpsSource",
       p.caption, au.full_name as author,
       case when exists (select 1 from stored_files f where f.sha256 = p.sha256) then 'present'
            when exists (select 1 from stored_files f where f.preview_of = p.sha256) then 'preview'
            else 'pending' end as "fileState",
       '/api/v1/photos/' || p.id || '/file' as url, p.created_at as "createdAt"
  from photos p
  join plants pl on pl.id = p.plant_id and pl.deleted_at is null
  left join audits a on a.id = p.audit_id
  left join users au on au.id = p.author_id
 where p.deleted_at is null
   and ($1::uuid is null or p.audit_id = $1)
   and ($2::uuid is null or p.id = $2)
   and ($3::uuid is null or (pl.client_id = $3 and a.validated_at is not null))
 order by p.created_at, p.id
