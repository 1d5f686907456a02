-- The missions the field app offers ($1 the caller, $2 true for a technician): a
-- technician's own missions (on the team), every mission for managers and admins; drafts,
-- cancelled and deleted missions left out; the nearest planned first.
select m.id, m.reference, m.title, m.status, m.audit_types as "auditTypes",
       to_char(m.planned_start at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "plannedStart",
       to_char(m.planned_end at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "plannedEnd",
       json_build_object('id', p.id, 'name', p.name, 'city', p.city,
                         'modules', coalesce((select sum(modules) from tile_plant_counts c where c.plant_id = p.id), 0)::int) as plant,
       mm.user_id is not null as member
  from missions m
  join plants p on p.id = m.plant_id and p.deleted_at is null
  left join mission_members mm on mm.mission_id = m.id and mm.user_id = $1 and mm.deleted_at is null
 where m.deleted_at is null and m.status not in ('draft', 'cancelled')
   and (not $2 or mm.user_id is not null)
 order by (m.status = 'done'), m.planned_start desc nulls last, m.reference
 limit 200
