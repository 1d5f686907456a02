-- Missions as the API shows them. $1 client scope (null for staff, and for one mission
-- whose plant the router has checked), $2 member filter: a technician sees only the
-- missions they are on (null for everyone else), $3 one mission id or null, $4 plant,
-- $5 status, $6 audit type, $7 technician on the team, $8 search text, $9 limit,
-- $10 offset, $11 whether the internal notes are shown (not to client users).
select mi.id, mi.plant_id as "plantId", p.name as "plantName", p.client_id as "clientId", c.name as "clientName",
       mi.reference, mi.title, mi.audit_types as "auditTypes", mi.status,
       mi.planned_start as "plannedStart", mi.planned_end as "plannedEnd", mi.estimated_hours::float8 as "estimatedHours",
       mi.safety_instructions as "safetyInstructions", mi.access_notes as "accessNotes",
       case when $11::boolean then mi.notes end as notes,
       mi.zone_ids as "zoneIds", mi.checklist_template_ids as "checklistTemplateIds", mi.plan_ids as "planIds",
       mi.layout_seq as "layoutSeq",
       coalesce((select json_agg(json_build_object('userId', u.id, 'fullName', u.full_name, 'role', mm.role, 'locale', u.locale)
                                 order by mm.role, u.full_name)
                   from mission_members mm join users u on u.id = mm.user_id
                  where mm.mission_id = mi.id and mm.deleted_at is null), '[]') as members,
       coalesce((select json_agg(json_build_object(
                   'id', i.id, 'missionId', i.mission_id, 'technicianId', i.technician_id, 'technician', u.full_name,
                   'start', lower(i.period), 'end', upper(i.period), 'status', i.status, 'notes', i.notes)
                   order by lower(i.period), u.full_name)
                   from interventions i join users u on u.id = i.technician_id
                  where i.mission_id = mi.id and i.deleted_at is null), '[]') as interventions,
       coalesce((select json_agg(json_build_object('id', a.id, 'auditType', a.audit_type, 'status', a.status)
                                 order by a.audit_type)
                   from audits a where a.mission_id = mi.id and a.deleted_at is null), '[]') as audits,
       (select max(d.version) from mission_documents d where d.mission_id = mi.id) as "documentVersion",
       mi.created_at as "createdAt", mi.updated_at as "updatedAt", mi.revision,
       count(*) over ()::int as total
  from missions mi
  join plants p on p.id = mi.plant_id and p.deleted_at is null
  join clients c on c.id = p.client_id
 where mi.deleted_at is null
   and ($1::uuid is null or p.client_id = $1)
   and ($2::uuid is null or exists (select 1 from mission_members mm
                                     where mm.mission_id = mi.id and mm.user_id = $2 and mm.deleted_at is null))
   and ($3::uuid is null or mi.id = $3)
   and ($4::uuid is null or mi.plant_id = $4)
   and ($5::text is null or mi.status = $5)
   and ($6::text is null or $6 = any (mi.audit_types))
   and ($7::uuid is null or exists (select 1 from mission_members mm
                                     where mm.mission_id = mi.id and mm.user_id = $7 and mm.deleted_at is null))
   and ($8::text is null
        or strpos(lower(mi.reference), lower($8)) > 0
        or strpos(lower(mi.title), lower($8)) > 0
        or strpos(lower(p.name), lower($8)) > 0
        or strpos(lower(c.name), lower($8)) > 0)
 order by coalesce(mi.planned_start, mi.created_at) desc, mi.id
 limit $9 offset $10
