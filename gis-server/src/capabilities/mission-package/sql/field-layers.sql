-- The mission's own layers of a mission package (issue 15, docs/sync.md §3): what the field
-- app reads and writes offline, under the server's column names. {mission} and {plant} are
-- checked UUID literals. Only live rows: the device's first pull repeats what changed since.
-- Arrays and JSON are JSON text (GeoPackage has neither); times are GDAL DateTimes (UTC).
-- layer: mission
select m.id::text as id, m.plant_id::text as plant_id, m.reference, m.title, array_to_json(m.audit_types)::text as audit_types,
       m.status, m.planned_start, m.planned_end, m.estimated_hours::float8 as estimated_hours, m.safety_instructions, m.notes,
       m.created_at, m.updated_at, m.revision
  from missions m where m.id = {mission}
-- layer: mission_members
select mm.mission_id::text as mission_id, mm.user_id::text as user_id, mm.role, u.full_name as user_name,
       mm.created_at, mm.updated_at, mm.revision
  from mission_members mm join users u on u.id = mm.user_id
 where mm.mission_id = {mission} and mm.deleted_at is null order by u.full_name
-- layer: audits
select a.id::text as id, a.plant_id::text as plant_id, a.mission_id::text as mission_id, a.audit_type, a.status,
       a.started_at, a.finished_at, a.conditions::text as conditions, a.performed_by::text as performed_by,
       a.created_at, a.updated_at, a.revision
  from audits a where a.mission_id = {mission} and a.deleted_at is null order by a.audit_type
-- layer: audit_modules
select am.audit_id::text as audit_id, am.module_id::text as module_id, am.plant_id::text as plant_id, am.status,
       am.inspected_at, am.inspected_by::text as inspected_by, am.created_at, am.updated_at, am.revision,
       am.deleted_at
  from audit_modules am join audits a on a.id = am.audit_id
 where a.mission_id = {mission} and a.deleted_at is null and am.deleted_at is null
-- layer: defects
select d.id::text as id, d.plant_id::text as plant_id, d.audit_id::text as audit_id, d.target_kind, d.module_id::text as module_id,
       d.target_id::text as target_id, d.defect_type, d.module_status, d.severity, d.iec_class::int as iec_class,
       d.delta_t_c::float8 as delta_t_c, d.description, d.voice_note_key, d.gps_accuracy_m::float8 as gps_accuracy_m,
       d.author_id::text as author_id, d.observed_at, d.resolved_at, d.resolution_note, d.source,
       d.ai_confidence::float8 as ai_confidence, d.validated_by::text as validated_by, d.validated_at,
       d.created_at, d.updated_at, d.revision, d.deleted_at, d.geom::geometry(Point, 4326) as geom
  from defects d join audits a on a.id = d.audit_id
 where a.mission_id = {mission} and a.deleted_at is null and d.deleted_at is null
-- layer: photos
select p.id::text as id, p.plant_id::text as plant_id, p.mission_id::text as mission_id, p.audit_id::text as audit_id,
       p.defect_id::text as defect_id, p.module_id::text as module_id, p.category, p.sha256, p.storage_key,
       p.original_filename, p.mime_type, p.size_bytes, p.width, p.height, p.taken_at, p.gps_source, p.caption,
       p.author_id::text as author_id, p.created_at, p.updated_at, p.revision, p.deleted_at,
       p.geom::geometry(Point, 4326) as geom
  from photos p where p.mission_id = {mission} and p.deleted_at is null
-- layer: checklist_templates
select t.id::text as id, t.name, t.version, array_to_json(t.audit_types)::text as audit_types, t.sections::text as sections,
       t.created_at, t.updated_at, t.revision
  from checklist_templates t
 where t.deleted_at is null
   and (t.audit_types && (select audit_types from missions where id = {mission})
        or t.id in (select template_id from checklist_responses where mission_id = {mission}))
 order by t.name, t.version
-- layer: checklist_responses
select r.id::text as id, r.template_id::text as template_id, r.mission_id::text as mission_id, r.plant_id::text as plant_id,
       r.answers::text as answers, array_to_json(r.validated_sections)::text as validated_sections,
       r.author_id::text as author_id, r.created_at, r.updated_at, r.revision
  from checklist_responses r where r.mission_id = {mission} and r.deleted_at is null
-- layer: chat_messages
select c.id::text as id, c.mission_id::text as mission_id, c.author_id::text as author_id, c.body,
       c.module_id::text as module_id, c.photo_id::text as photo_id, c.sent_at, c.created_at, c.updated_at, c.revision
  from chat_messages c where c.mission_id = {mission} and c.deleted_at is null order by c.sent_at
-- layer: mission_zones
select z.id::text as id, z.mission_id::text as mission_id, z.plant_id::text as plant_id, z.name,
       array_to_json(z.assignee_ids)::text as assignee_ids, z.author_id::text as author_id,
       z.created_at, z.updated_at, z.revision, z.geom::geometry(Polygon, 4326) as geom
  from mission_zones z where z.mission_id = {mission} and z.deleted_at is null order by z.name
-- layer: previous_audits
select a.id::text as id, a.audit_type, a.status, a.started_at, a.finished_at, m.reference as mission_reference,
       m.title as mission_title,
       (select count(*) from audit_modules am where am.audit_id = a.id and am.deleted_at is null)::int as modules_inspected
  from audits a left join missions m on m.id = a.mission_id
 where a.plant_id = {plant} and a.deleted_at is null and a.mission_id is distinct from {mission}
 order by coalesce(a.started_at, a.created_at) desc
-- layer: previous_defects
select d.id::text as id, d.audit_id::text as audit_id, a.audit_type, d.target_kind, d.module_id::text as module_id,
       mo.code as module_code, d.defect_type, d.module_status, d.severity, d.iec_class::int as iec_class,
       d.delta_t_c::float8 as delta_t_c, d.description, d.observed_at, d.geom::geometry(Point, 4326) as geom
  from defects d
  join audits a on a.id = d.audit_id and a.deleted_at is null
  left join modules mo on mo.id = d.module_id
 where d.plant_id = {plant} and d.deleted_at is null and d.resolved_at is null
   and (d.source = 'manual' or d.validated_at is not null)
   and a.mission_id is distinct from {mission}
 order by d.observed_at desc
