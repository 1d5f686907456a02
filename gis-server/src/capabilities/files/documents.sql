-- The documents of a plant, newest first. $1 plant id, $2 one document id or null.
select d.id, d.plant_id as "plantId", d.kind, d.title, d.filename, d.mime_type as "mimeType",
       d.size_bytes as "sizeBytes", d.sha256, u.full_name as "uploadedBy", d.created_at as "createdAt",
       d.storage_key as "storageKey"
  from documents d
  left join users u on u.id = d.uploaded_by
 where d.plant_id = $1 and d.deleted_at is null
   and ($2::uuid is null or d.id = $2)
 order by d.created_at desc, d.id
