-- The missions of a plant, newest first, with the technicians' slots. $1 plant id.
select mi.id, mi.reference, mi.title, mi.status, mi.audit_types as "auditTypes",
       mi.planned_start as "plannedStart", mi.planned_end as "plannedEnd",
       coalesce((select json_agg(json_build_object(
                  'id', i.id, 'technician', u.full_name, 'start', lower(i.period), 'end', upper(i.period),
                  'status', i.status) order by lower(i.period), i.id)
                   from interventions i join users u on u.id = i.technician_id
                  where i.mission_id = mi.id and i.deleted_at is null), '[]') as interventions
  from missions mi
 where mi.plant_id = $1 and mi.deleted_at is null
 order by coalesce(mi.planned_start, mi.created_at) desc, mi.id
