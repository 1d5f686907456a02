-- One page of features as GeoJSON text, ordered by id for keyset paging.
-- $1 plant id, $2..$5 bbox (minLon, minLat, maxLon, maxLat; null: no bbox), $6 the id
-- after which the page starts (null: first page), $7 page size; defects: $8 audit id or null.
select l.id, json_build_object('type', 'Feature', 'id', l.id, 'geometry', st_asgeojson(l.geom, 8)::json,
  'properties', json_build_object(
    'auditId', l.audit_id, 'auditType', a.audit_type, 'targetKind', l.target_kind,
    'moduleId', l.module_id, 'moduleCode', m.code, 'targetId', l.target_id,
    'defectType', l.defect_type, 'moduleStatus', l.module_status, 'severity', l.severity,
    'iecClass', l.iec_class, 'deltaTC', l.delta_t_c::float8, 'description', l.description,
    'authorId', l.author_id, 'observedAt', l.observed_at, 'resolvedAt', l.resolved_at,
    'source', l.source, 'aiConfidence', l.ai_confidence::float8,
    'photoCount', (select count(*) from photos p where p.defect_id = l.id and p.deleted_at is null)))::text as feature
  from defects l
  join audits a on a.id = l.audit_id
  left join modules m on m.id = l.module_id
 where l.plant_id = $1 and l.deleted_at is null and a.deleted_at is null
   and ($2::float8 is null or st_intersects(l.geom, st_makeenvelope($2, $3, $4, $5, 4326)))
   and ($6::uuid is null or l.id > $6)
   and ($8::uuid is null or l.audit_id = $8)
 order by l.id
 limit $7
