-- Users as the API shows them (never the password hash). $1: search text or null,
-- $2: limit, $3: offset, $4: one user id or null, $5: role filter or null.
select id, email::text as email, role, client_id as "clientId", full_name as "fullName", locale, phone,
       disabled_at is not null as disabled, last_login_at as "lastLoginAt",
       created_at as "createdAt", updated_at as "updatedAt", revision,
       count(*) over ()::int as total
  from users
 where deleted_at is null
   and ($4::uuid is null or id = $4)
   and ($5::text is null or role = $5)
   and ($1::text is null
        or strpos(lower(email::text), lower($1)) > 0
        or strpos(lower(full_name), lower($1)) > 0)
 order by lower(full_name), id
 limit $2 offset $3
