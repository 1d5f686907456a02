-- What an importer made from another system's records, so that importing the same file
-- again finds them instead of creating them twice (docs/import-diagpv.md).

create table import_refs (
  source text not null check (source in ('diagpv')),
  kind text not null check (kind in ('client', 'plant', 'audit')),
  -- The record's identity in the other system: a client's or project's name, an audit token.
  external_key text not null check (length(external_key) between 1 and 500),
  target_id uuid not null,
  file_sha256 text check (file_sha256 ~ '^[0-9a-f]{64}$'),
  imported_by uuid references users (id),
  imported_at timestamptz not null default now(),
  primary key (source, kind, external_key)
);
