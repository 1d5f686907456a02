-- High zooms, where a module is legible: every module, with what the map panel needs.
-- With ?audit=, the status is that audit's result (pending where it found none).
select st_asmvtgeom(m.geom_3857, env.tile, 4096, 64, true) as geom,
       m.id::text as id, m.code,
       case when env.audit is null then m.status else coalesce(am.status, 'pending') end as status,
       s.code as string, m.string_id::text as string_id, i.code as inverter, s.inverter_id::text as inverter_id,
       m.table_id::text as table_id, m.plant_id::text as plant_id
  from env
  join modules m on m.geom_3857 && env.area
  left join strings s on s.id = m.string_id
  left join inverters i on i.id = s.inverter_id
  left join audit_modules am on env.audit is not null and am.audit_id = env.audit and am.module_id = m.id
                             and am.deleted_at is null
 where m.deleted_at is null and m.plant_id = any(env.plants)
