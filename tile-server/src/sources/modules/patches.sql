-- Zoom 17: each table in the status most of its modules have, and the modules of other
-- statuses drawn over it (kept by sql/migrations/010_tiles.sql). Bases come first. A
-- client ($8) sees the published statuses: the tables where they differ have patches of
-- their own (092), read instead of the office's.
select x.geom, x.status, x.table_id, x.plant_id
  from (
    select tile_small_polygon(p.geom_3857, env.tile) as geom,
           p.status, p.group_id::text as table_id, p.plant_id::text as plant_id, p.module_id is not null as over
      from env
      join tile_module_patches p on p.geom_3857 && env.area
     where p.plant_id = any(env.plants)
       and (not $8 or not exists (select 1 from tile_published_patches q where q.group_id = p.group_id))
    union all
    select tile_small_polygon(q.geom_3857, env.tile), q.status, q.group_id::text, q.plant_id::text, q.module_id is not null
      from env
      join tile_published_patches q on q.geom_3857 && env.area
     where $8 and q.plant_id = any(env.plants)
  ) x
 order by x.over
