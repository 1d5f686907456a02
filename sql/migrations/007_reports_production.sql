-- Reports and their workflow; production time series for monitoring and losses.

create table reports (
  id uuid primary key default gen_random_uuid(),
  plant_id uuid not null references plants (id),
  mission_id uuid references missions (id),
  audit_id uuid references audits (id),
  title text not null check (length(btrim(title)) between 1 and 300),
  language text not null default 'fr' check (language in ('fr', 'en')),
  -- draft → validated (signed by the diagnostician) → sent → archived
  status text not null default 'draft' check (status in ('draft', 'validated', 'sent', 'archived')),
  document_key text,
  sha256 text check (sha256 ~ '^[0-9a-f]{64}$'),
  created_by uuid references users (id),
  validated_by uuid references users (id),
  validated_at timestamptz,
  signature jsonb,
  sent_at timestamptz,
  sent_to text[],
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz,
  check (mission_id is not null or audit_id is not null),
  check (status = 'draft' or (validated_by is not null and validated_at is not null)),
  check (status not in ('sent', 'archived') or sent_at is not null or status = 'archived')
);
create index reports_plant_idx on reports (plant_id);
select enable_sync('reports');

create table production_series (
  id uuid primary key default gen_random_uuid(),
  plant_id uuid not null references plants (id),
  -- What was measured: the whole plant, an inverter, one MPPT input or one string.
  source_kind text not null check (source_kind in ('plant', 'inverter', 'mppt_input', 'string')),
  source_id uuid,
  metric text not null check (metric in (
    'ac_power_w', 'dc_power_w', 'energy_wh', 'dc_current_a', 'dc_voltage_v',
    'irradiance_w_m2', 'module_temp_c', 'ambient_temp_c')),
  interval_s integer check (interval_s > 0),
  origin text not null default 'csv' check (origin in ('csv', 'pvserv', 'api', 'manual')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz,
  check ((source_kind = 'plant') = (source_id is null))
);
create index production_series_plant_idx on production_series (plant_id);
select enable_sync('production_series');

create table production_points (
  series_id uuid not null references production_series (id) on delete cascade,
  ts timestamptz not null,
  value double precision not null,
  primary key (series_id, ts)
);
