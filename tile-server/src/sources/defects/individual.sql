-- From zoom 17: every open defect as a point; for a client ($8), of validated audits only.
select st_asmvtgeom(d.geom_3857, env.tile, 4096, 64, true) as geom,
       d.id::text as id, d.severity, d.module_status as status, a.audit_type, d.defect_type,
       m.code as module_code, d.iec_class::int as iec_class, d.delta_t_c::float8 as delta_t_c,
       d.audit_id::text as audit_id, d.plant_id::text as plant_id,
       -- for the map's string and inverter filters (issue 13)
       m.string_id::text as string_id, s.inverter_id::text as inverter_id
  from env
  join defects d on d.geom_3857 && env.area
  join audits a on a.id = d.audit_id and a.deleted_at is null and (not $8 or a.validated_at is not null)
  left join modules m on m.id = d.module_id
  left join strings s on s.id = m.string_id
 where d.deleted_at is null and d.resolved_at is null and d.plant_id = any(env.plants)
   and (env.audit is null or d.audit_id = env.audit)
   and (d.source = 'manual' or d.validated_at is not null)
