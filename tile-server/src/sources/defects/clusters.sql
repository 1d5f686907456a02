-- Low and mid zooms: open defects gathered on a grid of 1/32 of the tile (16 px on a
-- 512 px tile), one point per cell at the mean of its defects, with the count, the
-- worst severity and the worst implied module status. Defects stay visible at every
-- zoom without flooding a tile. Grid arithmetic on numbers, not geometries: cheaper.
with open_defects as (
  select st_x(d.geom_3857) as x, st_y(d.geom_3857) as y, d.severity, d.module_status, d.plant_id
    from env
    join defects d on d.geom_3857 && env.area
   where d.deleted_at is null and d.resolved_at is null and d.plant_id = any(env.plants)
     and (env.audit is null or d.audit_id = env.audit)
     and (d.source = 'manual' or d.validated_at is not null)
     and d.audit_id not in (select id from audits where deleted_at is not null)
),
cells as (
  select count(*)::int as n,
         max(case severity when 'urgent' then 3 when 'warning' then 2 else 1 end) as severity_rank,
         max(status_rank(module_status)) as status_rank,
         avg(x) as x, avg(y) as y, min(plant_id::text) as plant_id
    from open_defects
   group by floor(x / (40075016.6855784 / 2 ^ $1 / 32)), floor(y / (40075016.6855784 / 2 ^ $1 / 32))
)
select st_asmvtgeom(st_setsrid(st_makepoint(c.x, c.y), 3857), env.tile, 4096, 64, true) as geom, c.n as count,
       (array['info', 'warning', 'urgent'])[c.severity_rank] as severity,
       (array['ok', 'inequality', 'microcracks', 'not_connected', 'string_open', 'dead'])[c.status_rank + 1] as status,
       case when c.n = 1 then c.plant_id end as plant_id
  from env, cells c
