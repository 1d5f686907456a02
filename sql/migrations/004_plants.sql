-- Plants (centrales) and the documents attached to them.

create table plants (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null references clients (id),
  name text not null check (length(btrim(name)) between 1 and 200),
  reference text check (length(reference) <= 64),
  mounting text not null default 'ground'
    check (mounting in ('ground', 'rooftop', 'carport', 'floating')),
  address text check (length(address) <= 500),
  postal_code text check (length(postal_code) <= 16),
  city text check (length(city) <= 120),
  country text not null default 'FR' check (country ~ '^[A-Z]{2}$'),
  peak_kwp numeric(12, 3) check (peak_kwp >= 0),
  commissioning_date date,
  -- Projected CRS (metres) for every metric computation on this plant: spacing,
  -- distances, areas, cable lengths. Never degrees.
  srid integer not null references spatial_ref_sys (srid),
  location geometry(Point, 4326) check (geom_acceptable(location)),
  location_3857 geometry(Point, 3857) generated always as (st_transform(location, 3857)) stored,
  boundary geometry(MultiPolygon, 4326) check (geom_acceptable(boundary)),
  boundary_3857 geometry(MultiPolygon, 3857) generated always as (st_transform(boundary, 3857)) stored,
  tariff_eur_per_kwh numeric(8, 5) check (tariff_eur_per_kwh >= 0),
  timezone text not null default 'Europe/Paris',
  -- Anonymous map access (tiles, viewer) only where a plant is explicitly shared.
  public_share boolean not null default false,
  notes text check (length(notes) <= 10000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz
);
create index plants_client_idx on plants (client_id);
create index plants_location_gix on plants using gist (location);
create index plants_location_3857_gix on plants using gist (location_3857);
create index plants_boundary_gix on plants using gist (boundary);
create index plants_boundary_3857_gix on plants using gist (boundary_3857);
create unique index plants_reference_key on plants (lower(reference))
  where deleted_at is null and reference is not null;
select enable_sync('plants');

create table documents (
  id uuid primary key default gen_random_uuid(),
  plant_id uuid not null references plants (id),
  kind text not null default 'other'
    check (kind in ('plan', 'contract', 'datasheet', 'single_line_diagram', 'report', 'photo', 'other')),
  title text not null check (length(btrim(title)) between 1 and 300),
  filename text not null check (length(filename) between 1 and 255),
  mime_type text not null check (length(mime_type) <= 127),
  size_bytes bigint not null check (size_bytes >= 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key text not null,
  uploaded_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz
);
create index documents_plant_idx on documents (plant_id);
select enable_sync('documents');
