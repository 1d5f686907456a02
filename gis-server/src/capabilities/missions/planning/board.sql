-- The planning board of a period: its technicians, their slots and absences, and the
-- missions (booked in the period, or still to book). $1 from, $2 to (timestamptz, end
-- excluded), $3 audit type, $4 client, $5 département (postal code prefix).
with missions_shown as (
  select mi.*, p.name as plant_name, c.name as client_name
    from missions mi
    join plants p on p.id = mi.plant_id and p.deleted_at is null
    join clients c on c.id = p.client_id
   where mi.deleted_at is null and mi.status <> 'cancelled'
     and ($3::text is null or $3 = any (mi.audit_types))
     and ($4::uuid is null or p.client_id = $4)
     and ($5::text is null or p.postal_code like $5 || '%')
     and (exists (select 1 from interventions i where i.mission_id = mi.id and i.deleted_at is null
                     and i.period && tstzrange($1, $2))
          or (mi.status in ('draft', 'planned')
              and not exists (select 1 from interventions i where i.mission_id = mi.id and i.deleted_at is null and i.status <> 'cancelled')))
), slots as (
  select i.id, i.mission_id as "missionId", i.technician_id as "technicianId", u.full_name as technician,
         lower(i.period) as start, upper(i.period) as "end", i.status, i.notes
    from interventions i join users u on u.id = i.technician_id
   where i.deleted_at is null and i.period && tstzrange($1, $2)
     and i.mission_id in (select id from missions_shown)
)
select
  (select coalesce(json_agg(json_build_object('id', u.id, 'fullName', u.full_name, 'role', u.role) order by u.full_name), '[]')
     from users u
    where u.deleted_at is null and u.disabled_at is null
      and (u.role = 'technician' or u.id in (select "technicianId" from slots))) as technicians,
  (select coalesce(json_agg(s order by s.start), '[]') from slots s) as interventions,
  (select coalesce(json_agg(json_build_object(
            'id', m.id, 'reference', m.reference, 'title', m.title, 'status', m.status, 'auditTypes', m.audit_types,
            'plantId', m.plant_id, 'plantName', m.plant_name, 'clientName', m.client_name,
            'plannedStart', m.planned_start, 'plannedEnd', m.planned_end, 'estimatedHours', m.estimated_hours::float8,
            'bookedHours', (select coalesce(sum(extract(epoch from upper(r) - lower(r))), 0) / 3600
                              from unnest((select range_agg(i.period) from interventions i
                                            where i.mission_id = m.id and i.deleted_at is null and i.status <> 'cancelled')) r)::float8,
            'memberIds', (select coalesce(json_agg(mm.user_id), '[]') from mission_members mm
                           where mm.mission_id = m.id and mm.deleted_at is null))
            order by m.planned_start nulls last, m.reference), '[]')
     from missions_shown m) as missions,
  (select coalesce(json_agg(json_build_object(
            'id', a.id, 'technicianId', a.technician_id, 'technician', u.full_name,
            'start', lower(a.period), 'end', upper(a.period), 'reason', a.reason, 'note', a.note) order by lower(a.period)), '[]')
     from unavailability a join users u on u.id = a.technician_id
    where a.deleted_at is null and a.period && tstzrange($1, $2)) as unavailability
