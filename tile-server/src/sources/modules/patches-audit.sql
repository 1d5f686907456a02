-- Mid zooms coloured by one audit's results (?audit=): the same patches as
-- patches.sql, computed from that audit's module results (pending where it found none).
with members as (
  select coalesce(t.id, m.id) as group_id, m.id, m.plant_id, m.geom_3857, t.geom_3857 as table_geom,
         coalesce(am.status, 'pending') as status
    from env
    join modules m on m.geom_3857 && env.area
    left join tables t on t.id = m.table_id and t.deleted_at is null
    left join audit_modules am on am.audit_id = env.audit and am.module_id = m.id and am.deleted_at is null
   where m.deleted_at is null and m.plant_id = any(env.plants)
),
bases as (
  select group_id, min(plant_id::text) as plant_id, mode() within group (order by status) as status,
         (array_agg(table_geom))[1] as geom_3857
    from members where table_geom is not null group by group_id
)
select st_asmvtgeom(x.geom_3857, env.tile, 4096, 64, true) as geom, x.status, x.table_id, x.plant_id
  from env, (
    select geom_3857, status, group_id::text as table_id, plant_id, 0 as layer from bases
    union all
    select m.geom_3857, m.status, m.group_id::text, m.plant_id::text, 1
      from members m left join bases b using (group_id)
     where b.status is distinct from m.status and $1 >= 17
  ) x
 order by x.layer
