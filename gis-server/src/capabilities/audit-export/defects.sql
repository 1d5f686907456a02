-- The findings of one audit ($1) that count (see modules.sql), each with its module and
-- how many photos show it.
select coalesce(m.code, '') as module, d.target_kind as "targetKind", d.defect_type as "defectType",
       d.module_status as status, d.severity, d.iec_class as "iecClass", d.delta_t_c::float8 as "deltaT",
       d.description, d.observed_at as "observedAt", u.full_name as author, d.review,
       (select count(*)::int from photos p where p.defect_id = d.id and p.deleted_at is null) as photos,
       round(st_x(d.geom)::numeric, 7)::float8 as lon, round(st_y(d.geom)::numeric, 7)::float8 as lat
  from defects d
  left join modules m on m.id = d.module_id
  left join users u on u.id = d.author_id
 where d.audit_id = $1 and d.deleted_at is null
   and (d.source = 'manual' or d.validated_at is not null) and d.review is distinct from 'rejected'
 order by m.code nulls last, d.observed_at
