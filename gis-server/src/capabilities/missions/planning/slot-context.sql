-- What the conflict checks need to know about a slot: its mission and plant, the
-- technician, and every other live slot or absence of the technician around it.
-- $1 mission, $2 technician, $3 start, $4 end, $5 the intervention being moved (or null).
with m as (
  select mi.id, mi.reference, mi.status, mi.audit_types, mi.estimated_hours::float8 as estimated_hours,
         p.id as plant_id, p.name as plant_name, p.timezone, p.location,
         st_x(p.location) as lon, st_y(p.location) as lat
    from missions mi join plants p on p.id = mi.plant_id
   where mi.id = $1 and mi.deleted_at is null
), day as (
  -- The slot's local days at the plant: "the same day" for travel between plants.
  select tstzrange((date_trunc('day', $3::timestamptz at time zone m.timezone)) at time zone m.timezone,
                   (date_trunc('day', $4::timestamptz at time zone m.timezone) + interval '1 day') at time zone m.timezone) as r
    from m
)
select m.*, (select full_name from users where id = $2) as technician,
       coalesce((select json_agg(json_build_object(
                   'missionId', o.id, 'reference', o.reference, 'plantId', op.id, 'plantName', op.name,
                   'start', lower(i.period), 'end', upper(i.period),
                   'km', case when m.location is null or op.location is null or op.id = m.plant_id then null
                              else st_distancesphere(m.location, op.location) / 1000 end,
                   'overlaps', i.period && tstzrange($3, $4))
                   order by lower(i.period))
                   from interventions i
                   join missions o on o.id = i.mission_id and o.deleted_at is null and o.status <> 'cancelled'
                   join plants op on op.id = o.plant_id, day
                  where i.technician_id = $2 and i.deleted_at is null and i.status <> 'cancelled'
                    and i.id is distinct from $5
                    and (i.period && tstzrange($3, $4) or i.period && day.r)), '[]') as others,
       coalesce((select json_agg(json_build_object('id', u.id, 'reason', u.reason, 'start', lower(u.period), 'end', upper(u.period))
                                 order by lower(u.period))
                   from unavailability u
                  where u.technician_id = $2 and u.deleted_at is null and u.period && tstzrange($3, $4)), '[]') as absences,
       -- Wall-clock hours booked on the mission by its whole team, with this slot in place of the one moved.
       (select coalesce(sum(extract(epoch from upper(r) - lower(r))), 0) / 3600
          from unnest((select range_agg(x.period) from (
                 select i.period from interventions i
                  where i.mission_id = $1 and i.deleted_at is null and i.status <> 'cancelled' and i.id is distinct from $5
                 union all select tstzrange($3, $4)) x)) r)::float8 as booked_hours
  from m
