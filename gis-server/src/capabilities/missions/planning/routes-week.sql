-- Each technician's stops of each day of a week, in order, with where the plants are.
-- $1 week start, $2 week end (timestamptz), $3 time zone of the days.
select (lower(i.period) at time zone $3)::date::text as day, i.technician_id as "technicianId", u.full_name as technician,
       mi.id as "missionId", mi.reference, p.id as "plantId", p.name as "plantName",
       st_x(p.location) as lon, st_y(p.location) as lat, lower(i.period) as start, upper(i.period) as "end"
  from interventions i
  join users u on u.id = i.technician_id
  join missions mi on mi.id = i.mission_id and mi.deleted_at is null and mi.status <> 'cancelled'
  join plants p on p.id = mi.plant_id and p.location is not null
 where i.deleted_at is null and i.status <> 'cancelled' and i.period && tstzrange($1, $2)
 order by day, u.full_name, lower(i.period)
