-- Clients as the API shows them. $1: the caller's client scope (null for staff),
-- $2: search text or null, $3: limit, $4: offset, $5: one client id or null.
select c.id, c.name, c.legal_name as "legalName", c.siret, c.vat_number as "vatNumber",
       c.address, c.postal_code as "postalCode", c.city, c.country, c.email::text as email,
       c.phone, c.notes,
       (select count(*) from plants p where p.client_id = c.id and p.deleted_at is null)::int as "plantCount",
       c.created_at as "createdAt", c.updated_at as "updatedAt", c.revision,
       count(*) over ()::int as total
  from clients c
 where c.deleted_at is null
   and ($1::uuid is null or c.id = $1)
   and ($5::uuid is null or c.id = $5)
   and ($2::text is null
        or strpos(lower(c.name), lower($2)) > 0
        or strpos(lower(coalesce(c.legal_name, '')), lower($2)) > 0
        or strpos(lower(coalesce(c.city, '')), lower($2)) > 0
        or c.siret = $2)
 order by lower(c.name), c.id
 limit $3 offset $4
