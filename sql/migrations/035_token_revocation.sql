-- Revocation of access tokens, personal access tokens, one SIRET per client (issue 13).
--
-- Access tokens are JWTs that live 15 minutes. Each carries its user's token generation
-- (`gen`); a server accepts a token only while the user's generation is still the same,
-- the account is neither disabled nor deleted. Bumping the generation therefore ends every
-- access token of the user at once: logout does it, and so does this trigger whenever
-- the account is disabled, deleted, or changes password, role or company (the claims of
-- its tokens would lie). Servers cache generations briefly and drop them as soon as they
-- hear `token_revocations`.
alter table users add column token_generation int not null default 0;

create function users_bump_token_generation() returns trigger
language plpgsql as $$
begin
  if new.disabled_at is distinct from old.disabled_at and new.disabled_at is not null
     or new.deleted_at is distinct from old.deleted_at
     or new.password_hash is distinct from old.password_hash
     or new.role is distinct from old.role
     or new.client_id is distinct from old.client_id then
    new.token_generation := old.token_generation + 1;
  end if;
  return new;
end $$;
create trigger users_bump_token_generation before update on users
  for each row execute function users_bump_token_generation();

-- Every server that accepts tokens listens (gis-server, tile-server), whichever instance
-- or script made the change.
create function users_notify_revocation() returns trigger
language plpgsql as $$
begin
  perform pg_notify('token_revocations', json_build_object('user', new.id)::text);
  return null;
end $$;
create trigger users_notify_revocation after update on users
  for each row when (new.token_generation is distinct from old.token_generation)
  execute function users_notify_revocation();

-- Personal access tokens: long-lived, named, revocable, read-only; for QGIS and GDAL
-- (WFS, OGC API, XYZ tile layers) where a 15-minute token cannot be refreshed. Only the
-- SHA-256 of the token is kept; `prefix` (its first characters) lets a person recognise it.
create table personal_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 100),
  prefix text not null,
  token_hash bytea not null unique,
  scope text not null default 'read' check (scope in ('read')),
  expires_at timestamptz,
  last_used_at timestamptz,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);
create unique index personal_tokens_name_key on personal_tokens (user_id, lower(name)) where revoked_at is null;
create index personal_tokens_user_idx on personal_tokens (user_id);

create function personal_tokens_notify_revocation() returns trigger
language plpgsql as $$
begin
  perform pg_notify('token_revocations', json_build_object('user', old.user_id, 'token', old.id)::text);
  return null;
end $$;
create trigger personal_tokens_notify_revocation after update or delete on personal_tokens
  for each row execute function personal_tokens_notify_revocation();

-- One client company per SIRET (the French company establishment number), among live
-- clients: the name of the index makes the API answer 409 naming `siret`.
create unique index clients_siret_key on clients (siret) where deleted_at is null and siret is not null;
