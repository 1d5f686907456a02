-- Low and mid zooms: open defects gathered on a grid of 1/32 of the tile (16 px on a
-- 512 px tile), one point per cell at the mean of its defects, with the count, the
-- worst severity and the worst implied module status. Defects stay visible at every
-- zoom without flooding a tile. The cells are kept ready per zoom, plant and audit
-- (tile_defect_cells, sql/migrations/020): a tile sums the audits of its cells, it never
-- reads the defects themselves. A client ($8) sees the cells of validated audits only.
with grid as (
  -- Integer cell bounds, so that the primary key's index finds the cells.
  select floor(st_xmin(env.area) / tile_defect_cell_size($1))::int as x0,
         floor(st_xmax(env.area) / tile_defect_cell_size($1))::int as x1,
         floor(st_ymin(env.area) / tile_defect_cell_size($1))::int as y0,
         floor(st_ymax(env.area) / tile_defect_cell_size($1))::int as y1
    from env
),
cells as (
  select sum(c.n)::int as n, sum(c.sum_x) as sum_x, sum(c.sum_y) as sum_y, sum(c.warning) as warning,
         sum(c.urgent) as urgent, sum(c.rank1) as rank1, sum(c.rank2) as rank2, sum(c.rank3) as rank3,
         sum(c.rank4) as rank4, sum(c.rank5) as rank5, min(c.plant_id::text) as plant_id
    from env, grid g
    join tile_defect_cells c
      on c.z = $1
     and c.cx between g.x0 and g.x1
     and c.cy between g.y0 and g.y1
   where c.plant_id = any(env.plants)
     and (env.audit is null or c.audit_id = env.audit)
     and c.audit_id not in (select id from audits where deleted_at is not null or ($8 and validated_at is null))
   group by c.cx, c.cy
)
select st_asmvtgeom(st_setsrid(st_makepoint(c.sum_x / c.n, c.sum_y / c.n), 3857), env.tile, 4096, 64, true) as geom,
       c.n as count,
       case when c.urgent > 0 then 'urgent' when c.warning > 0 then 'warning' else 'info' end as severity,
       case when c.rank5 > 0 then 'dead' when c.rank4 > 0 then 'string_open' when c.rank3 > 0 then 'not_connected'
            when c.rank2 > 0 then 'microcracks' when c.rank1 > 0 then 'inequality' else 'ok' end as status,
       case when c.n = 1 then c.plant_id end as plant_id
  from env, cells c
