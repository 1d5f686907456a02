-- A georeferenced plan, if the caller may see its plant.
-- $1 plan, $2 client company (client users) or null, $3 anonymous (publicly shared plants only),
-- $4 the one plant of a share link or null.
select p.id, p.plant_id as "plantId", p.cog_path as "cogPath", p.georef -> 'bounds' as bounds,
       extract(epoch from p.updated_at)::text as version
  from plans p
  join plants pl on pl.id = p.plant_id and pl.deleted_at is null
 where p.id = $1
   and p.status = 'georeferenced' and p.cog_path is not null
   and p.plant_id = any(tile_visible_plants($2::uuid, p.plant_id, $3::boolean))
   and ($4::uuid is null or p.plant_id = $4)
