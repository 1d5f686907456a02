-- Modules among $1 whose footprint overlaps another live module of the plant by more
-- than 1 cm² (measured in the plant's CRS $2; touching edges are fine).
select count(distinct n.id)::int as count, min(n.code) as code, min(o.code) as other
  from modules n
  join modules o
    on o.plant_id = n.plant_id and o.deleted_at is null and o.id <> n.id
   and st_intersects(o.geom, n.geom)
 where n.id = any($1::uuid[]) and n.deleted_at is null
   and st_area(st_intersection(st_transform(o.geom, $2::int), st_transform(n.geom, $2::int))) > 0.0001
