-- The photos of audit $1's open defects (and of its checklist answers), with what a
-- caption says and where the module is: at most $2, urgent defects first.
select ph.id, ph.category, coalesce(sf.web_sha256, ph.sha256) as sha256, sf.web_sha256 is not null as resized, ph.mime_type as "mimeType",
       ph.caption, d.defect_type as "defectType", d.severity, d.description, m.code as "moduleCode",
       st_x(coalesce(st_pointonsurface(m.geom), d.geom, ph.geom)) as lon, st_y(coalesce(st_pointonsurface(m.geom), d.geom, ph.geom)) as lat
  from photos ph
  left join stored_files sf on sf.sha256 = ph.sha256
  left join defects d on d.id = ph.defect_id and d.deleted_at is null
  left join modules m on m.id = coalesce(ph.module_id, d.module_id)
 where ph.audit_id = $1 and ph.deleted_at is null and (d.id is null or d.resolved_at is null)
 order by array_position(array['urgent', 'warning', 'info'], d.severity) nulls last, m.code nulls last, ph.created_at
 limit $2;
