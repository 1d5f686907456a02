-- Module models as the API shows them. $1: search text or null, $2: limit, $3: offset,
-- $4: one model id or null.
select id, manufacturer, model, power_wp::float8 as "powerWp", width_mm as "widthMm",
       height_mm as "heightMm", thickness_mm as "thicknessMm", cells_layout as "cellsLayout",
       cell_count as "cellCount", technology, bifacial, voc_v::float8 as "vocV", isc_a::float8 as "iscA",
       vmp_v::float8 as "vmpV", imp_a::float8 as "impA",
       created_at as "createdAt", updated_at as "updatedAt", revision,
       count(*) over ()::int as total
  from module_models
 where deleted_at is null
   and ($4::uuid is null or id = $4)
   and ($1::text is null
        or strpos(lower(manufacturer || ' ' || model), lower($1)) > 0)
 order by lower(manufacturer), lower(model), id
 limit $2 offset $3
