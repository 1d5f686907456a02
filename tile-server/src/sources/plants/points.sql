-- Low zooms: each plant as one point, with its modules counted by status (from the
-- maintained tile_plant_counts — the published statuses for a client — or from one
-- audit's results with ?audit=).
select st_asmvtgeom(g.pt, env.tile, 4096, 64, true) as geom,
       p.id::text as id, p.name, p.client_id::text as client_id, p.peak_kwp::float8 as peak_kwp,
       c.total as module_count, c.ok, c.inequality, c.microcracks, c.dead, c.string_open, c.not_connected,
       c.total - c.ok - c.inequality - c.microcracks - c.dead - c.string_open - c.not_connected as pending
  from env
  join plants p on p.id = any(env.plants)
  cross join lateral (select coalesce(p.location_3857, st_pointonsurface(p.boundary_3857)) as pt) g
  cross join lateral (
    select coalesce((select sum(modules) from tile_plant_counts where plant_id = p.id), 0)::int as total,
           coalesce(sum(n) filter (where status = 'ok'), 0)::int as ok,
           coalesce(sum(n) filter (where status = 'inequality'), 0)::int as inequality,
           coalesce(sum(n) filter (where status = 'microcracks'), 0)::int as microcracks,
           coalesce(sum(n) filter (where status = 'dead'), 0)::int as dead,
           coalesce(sum(n) filter (where status = 'string_open'), 0)::int as string_open,
           coalesce(sum(n) filter (where status = 'not_connected'), 0)::int as not_connected
      from (
        select status, case when $8 then published else modules end as n
          from tile_plant_counts where plant_id = p.id and env.audit is null
        union all
        select am.status, count(*) from audit_modules am
         where env.audit is not null and am.audit_id = env.audit and am.plant_id = p.id and am.deleted_at is null
         group by am.status
      ) s
  ) c
 where g.pt && env.area
