-- Low and mid zooms: open defects gathered on a grid of 1/64 of the tile (8 px on a
-- 512 px tile), one point per cell with the count, the worst severity and the worst
-- implied module status. Defects stay visible at every zoom without flooding a tile.
with cells as (
  select st_snaptogrid(d.geom_3857, (40075016.6855784 / 2 ^ $1) / 64) as cell,
         count(*)::int as n,
         max(case d.severity when 'urgent' then 3 when 'warning' then 2 else 1 end) as severity_rank,
         max(status_rank(d.module_status)) as status_rank,
         st_centroid(st_collect(d.geom_3857)) as pt,
         min(d.plant_id::text) as plant_id
    from env
    join defects d on d.geom_3857 && env.area
    join audits a on a.id = d.audit_id and a.deleted_at is null
   where d.deleted_at is null and d.resolved_at is null and d.plant_id = any(env.plants)
     and (env.audit is null or d.audit_id = env.audit)
     and (d.source = 'manual' or d.validated_at is not null)
   group by 1
)
select st_asmvtgeom(c.pt, env.tile, 4096, 64, true) as geom, c.n as count,
       (array['info', 'warning', 'urgent'])[c.severity_rank] as severity,
       (array['ok', 'inequality', 'microcracks', 'not_connected', 'string_open', 'dead'])[c.status_rank + 1] as status,
       case when c.n = 1 then c.plant_id end as plant_id
  from env, cells c
