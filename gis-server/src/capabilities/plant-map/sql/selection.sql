-- The outline and extent of the strings a map filter keeps. $1 plant id, $2 inverter id or
-- null, $3 string id or null. Below z17 the tiles carry tables, not strings, so the map draws
-- this outline over the faded plant (issue 13: a filtered map looked unfiltered zoomed out).
with picked as (
  select s.geom
    from strings s
   where s.plant_id = $1 and s.deleted_at is null
     and ($2::uuid is null or s.inverter_id = $2)
     and ($3::uuid is null or s.id = $3)
), merged as (
  select st_union(geom) as g, count(*)::int as strings from picked
)
select case when g is null then null
            -- ~5 cm of simplification: invisible at the zooms where the outline matters.
            else st_asgeojson(st_simplifypreservetopology(g, 0.0000005), 7)::json end as outline,
       case when g is null then null else array[st_xmin(g), st_ymin(g), st_xmax(g), st_ymax(g)] end as bbox,
       strings
  from merged
