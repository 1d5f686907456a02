-- Plans as the API shows them. $1 plant (or null), $2 plan (or null), $3 client scope (or null).
select p.id, p.plant_id as "plantId", p.name, p.format, p.kind, p.status, p.page_count as "pageCount", p.page,
       p.width, p.height, p.layers, p.georef, p.opacity, p.error, p.created_at as "createdAt",
       p.storage_key as "storageKey", p.world_file as "worldFile", p.prj, p.cog_path as "cogPath",
       p.drawing_transform as "drawingTransform",
       pl.srid as "plantSrid",
       case when j.state in ('queued', 'active') then p.job_id end as "jobId"
  from plans p
  join plants pl on pl.id = p.plant_id and pl.deleted_at is null
  left join job_progress j on j.job_id = p.job_id
 where ($1::uuid is null or p.plant_id = $1)
   and ($2::uuid is null or p.id = $2)
   and ($3::uuid is null or pl.client_id = $3)
 order by p.created_at desc, p.id
