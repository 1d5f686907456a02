-- Plants as the API shows them. $1: the caller's client scope (null for staff),
-- $2: one plant id or null, $3: client filter or null, $4: search text or null,
-- $5: limit, $6: offset.
select p.id, p.client_id as "clientId", c.name as "clientName", p.name, p.reference, p.mounting,
       p.address, p.postal_code as "postalCode", p.city, p.country,
       p.peak_kwp::float8 as "peakKwp", p.commissioning_date::text as "commissioningDate", p.srid,
       st_asgeojson(p.location, 8)::json as location,
       st_asgeojson(p.boundary, 8)::json as boundary,
       case when coalesce(p.boundary, p.location) is null then null
            else json_build_array(st_xmin(b), st_ymin(b), st_xmax(b), st_ymax(b)) end as bbox,
       p.tariff_eur_per_kwh::float8 as "tariffEurPerKwh",
       p.specific_yield_kwh_per_kwp::float8 as "specificYieldKwhPerKwp", p.timezone, p.public_share as "publicShare",
       p.notes,
       (select count(*) from modules m where m.plant_id = p.id and m.deleted_at is null)::int as "moduleCount",
       p.created_at as "createdAt", p.updated_at as "updatedAt", p.revision,
       count(*) over ()::int as total
  from plants p
  join clients c on c.id = p.client_id
  cross join lateral (select box2d(coalesce(p.boundary, p.location)) as b) extent
 where p.deleted_at is null
   and ($1::uuid is null or p.client_id = $1)
   and ($2::uuid is null or p.id = $2)
   and ($3::uuid is null or p.client_id = $3)
   and ($4::text is null
        or strpos(lower(p.name), lower($4)) > 0
        or strpos(lower(coalesce(p.reference, '')), lower($4)) > 0
        or strpos(lower(coalesce(p.city, '')), lower($4)) > 0
        or strpos(lower(c.name), lower($4)) > 0)
 order by lower(p.name), p.id
 limit $5 offset $6
