-- The plant as a mission order and its e-mails show it. $1 plant id.
select p.id, p.name, p.reference, p.address, p.postal_code as "postalCode", p.city, p.country,
       p.peak_kwp::float8 as "peakKwp", p.timezone,
       st_asgeojson(p.location, 8)::json as location,
       st_asgeojson(p.boundary, 8)::json as boundary,
       case when coalesce(p.boundary, p.location) is null then null
            else json_build_array(st_xmin(b), st_ymin(b), st_xmax(b), st_ymax(b)) end as bbox
  from plants p
  cross join lateral (select box2d(coalesce(p.boundary, p.location)) as b) extent
 where p.id = $1
