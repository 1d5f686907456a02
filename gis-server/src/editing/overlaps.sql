-- Modules among $1 whose footprint overlaps another live module of plant $3 by more
-- than 1 cm² (measured in the plant's CRS $2; touching edges are fine). The plant is a
-- constant, not a join column, so that the planner probes the GiST index once per new
-- module instead of hash-joining every pair of the plant's modules (quadratic).
with n as materialized (
  select m.id, m.code, m.geom
    from unnest($1::uuid[]) u(id) join modules m on m.id = u.id
   where m.deleted_at is null
)
select count(distinct n.id)::int as count, min(n.code) as code, min(o.code) as other
  from n
  join modules o on st_intersects(o.geom, n.geom)
 where o.plant_id = $3 and o.deleted_at is null and o.id <> n.id
   and st_area(st_intersection(st_transform(o.geom, $2::int), st_transform(n.geom, $2::int))) > 0.0001
