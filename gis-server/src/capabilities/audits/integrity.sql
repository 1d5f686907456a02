-- What keeps mission $1 from being done, as one JSON document:
--   every module of the plant has a result in each audit done module by module;
--   every checklist non-conformity has a photo (its answer is {"value", "photos": [ids]});
--   every photo row has its original file.
with audited as (
  select a.id as "auditId", a.audit_type as "auditType", count(*)::int as count,
         (array_agg(m.code order by m.code))[1:5] as sample
    from audits a
    join modules m on m.plant_id = a.plant_id and m.deleted_at is null
   where a.mission_id = $1 and a.deleted_at is null and a.audit_type in ('el', 'thermography', 'visual', 'drone')
     and not exists (select 1 from audit_modules am where am.audit_id = a.id and am.module_id = m.id and am.deleted_at is null)
   group by a.id, a.audit_type
),
answered as (
  select r.id as response_id, t.name as template, f ->> 'id' as field_id, f -> 'nonConformity' as bad, r.answers -> (f ->> 'id') as answer
    from checklist_responses r
    join checklist_templates t on t.id = r.template_id
    cross join lateral jsonb_array_elements(t.sections) s
    cross join lateral jsonb_array_elements(s -> 'fields') f
   where r.mission_id = $1 and r.deleted_at is null and jsonb_typeof(f -> 'nonConformity') = 'array'
),
unphotographed as (
  select response_id as "responseId", template, field_id as "fieldId"
    from answered
   where bad @> jsonb_build_array(case when jsonb_typeof(answer) = 'object' then answer -> 'value' else answer end)
     and not exists (
       select 1 from photos p
        where p.deleted_at is null and p.mission_id = $1
          and jsonb_typeof(answer -> 'photos') = 'array' and (answer -> 'photos') ? p.id::text)
),
fileless as (
  select p.id, p.sha256, p.original_filename as filename
    from photos p
   where p.mission_id = $1 and p.deleted_at is null
     and not exists (select 1 from stored_files f where f.sha256 = p.sha256)
   order by p.created_at
   limit 500
)
select json_build_object(
  'modulesWithoutResult', coalesce((select json_agg(audited) from audited), '[]'),
  'nonConformitiesWithoutPhoto', coalesce((select json_agg(unphotographed) from unphotographed), '[]'),
  'photosWithoutFile', coalesce((select json_agg(fileless) from fileless), '[]')
) as integrity
