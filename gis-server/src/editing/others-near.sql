-- Whether any live module of plant $2, other than the modules $1, lies within the extent
-- of those modules: when none does (a fill on free ground), they cannot overlap an
-- existing module and the per-module check is skipped.
with n as materialized (
  select m.geom from unnest($1::uuid[]) u(id) join modules m on m.id = u.id
)
select exists (
  select 1 from modules o
   where o.plant_id = $2 and o.deleted_at is null
     and o.geom && (select st_setsrid(st_extent(geom)::geometry, 4326) from n)
     and o.id <> all($1::uuid[])
) as near
