-- Photos located by GPS (photo points) as a flat relation: id, plantId, clientId, geom, then the properties.
select l.id, l.plant_id as "plantId", p.client_id as "clientId", l.geom,
       l.category, l.audit_id as "auditId", l.defect_id as "defectId", l.module_id as "moduleId",
       l.original_filename as "filename", l.mime_type as "mimeType", l.size_bytes as "sizeBytes",
       l.width, l.height, l.taken_at as "takenAt", l.gps_source as "gpsSource", l.caption,
       l.sha256, l.author_id as "authorId"
  from photos l
  join plants p on p.id = l.plant_id and p.deleted_at is null
 where l.deleted_at is null and l.geom is not null
