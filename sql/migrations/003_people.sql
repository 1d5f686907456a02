-- Client companies, their contacts, the users of Calepin and their refresh tokens.

create table clients (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(btrim(name)) between 1 and 200),
  legal_name text check (length(legal_name) <= 200),
  siret text check (siret ~ '^[0-9]{14}$'),
  vat_number text check (length(vat_number) <= 32),
  address text check (length(address) <= 500),
  postal_code text check (length(postal_code) <= 16),
  city text check (length(city) <= 120),
  country text not null default 'FR' check (country ~ '^[A-Z]{2}$'),
  email citext check (length(email) <= 254),
  phone text check (length(phone) <= 40),
  notes text check (length(notes) <= 10000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz
);
create unique index clients_name_key on clients (lower(name)) where deleted_at is null;
select enable_sync('clients');

create table contacts (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null references clients (id),
  full_name text not null check (length(btrim(full_name)) between 1 and 200),
  job_title text check (length(job_title) <= 200),
  email citext check (length(email) <= 254),
  phone text check (length(phone) <= 40),
  is_primary boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz
);
create index contacts_client_idx on contacts (client_id);
select enable_sync('contacts');

create table users (
  id uuid primary key default gen_random_uuid(),
  email citext not null check (email ~ '^[^@\s]+@[^@\s]+$' and length(email) <= 254),
  password_hash text not null,
  role text not null check (role in ('admin', 'manager', 'technician', 'client')),
  -- A client user belongs to exactly one client company; staff belong to none.
  client_id uuid references clients (id),
  full_name text not null check (length(btrim(full_name)) between 1 and 200),
  locale text not null default 'fr' check (locale in ('fr', 'en')),
  phone text check (length(phone) <= 40),
  -- Demo users exist only in demo mode: the server refuses their login otherwise.
  is_demo boolean not null default false,
  disabled_at timestamptz,
  last_login_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz,
  constraint users_client_role check ((role = 'client') = (client_id is not null))
);
create unique index users_email_key on users (email) where deleted_at is null;
create index users_client_idx on users (client_id) where client_id is not null;
select enable_sync('users');

-- Refresh tokens are opaque random strings; only their SHA-256 is stored. Each use
-- rotates the token; presenting an already rotated token revokes its whole family
-- (it was stolen or replayed).
create table refresh_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  family_id uuid not null,
  token_hash bytea not null unique,
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  replaced_by uuid references refresh_tokens (id)
);
create index refresh_tokens_family_idx on refresh_tokens (family_id);
create index refresh_tokens_user_idx on refresh_tokens (user_id);
