-- The account behind an e-mail, for login.
select id, email::text, role, client_id as "clientId", full_name as "fullName", locale,
       password_hash as "passwordHash", token_generation as generation, is_demo as "isDemo", disabled_at is not null as disabled
  from users
 where email = $1 and deleted_at is null
