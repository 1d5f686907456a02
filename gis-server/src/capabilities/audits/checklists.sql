-- A mission's checklist responses ($1) or one response ($2), with their template.
select r.id, r.mission_id as "missionId", r.template_id as "templateId", t.name as "templateName", t.sections,
       r.answers, r.validated_sections as "validatedSections", u.full_name as author, r.updated_at as "updatedAt"
  from checklist_responses r
  join checklist_templates t on t.id = r.template_id
  left join users u on u.id = r.author_id
 where r.deleted_at is null and ($1::uuid is null or r.mission_id = $1) and ($2::uuid is null or r.id = $2)
 order by t.name, r.id
