-- The physical and electrical layout of a plant: module models, zones, tables
-- (mounting structures), modules, strings, inverters and their MPPT inputs, junction
-- boxes and cables. Every geometry is EPSG:4326 with a stored EPSG:3857 copy for tiles.

create table module_models (
  id uuid primary key default gen_random_uuid(),
  manufacturer text not null check (length(btrim(manufacturer)) between 1 and 120),
  model text not null check (length(btrim(model)) between 1 and 120),
  power_wp numeric(7, 2) not null check (power_wp > 0 and power_wp <= 2000),
  width_mm integer not null check (width_mm between 100 and 5000),
  height_mm integer not null check (height_mm between 100 and 5000),
  thickness_mm integer check (thickness_mm between 1 and 200),
  cells_layout text check (length(cells_layout) <= 40),
  cell_count integer check (cell_count between 1 and 500),
  technology text not null default 'mono'
    check (technology in ('mono', 'poly', 'perc', 'topcon', 'hjt', 'ibc', 'cdte', 'cigs', 'other')),
  bifacial boolean not null default false,
  voc_v numeric(6, 2) check (voc_v > 0),
  isc_a numeric(6, 2) check (isc_a > 0),
  vmp_v numeric(6, 2) check (vmp_v > 0),
  imp_a numeric(6, 2) check (imp_a > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz
);
create unique index module_models_name_key on module_models (lower(manufacturer), lower(model))
  where deleted_at is null;
select enable_sync('module_models');

create table zones (
  id uuid primary key default gen_random_uuid(),
  plant_id uuid not null references plants (id),
  code text not null check (length(btrim(code)) between 1 and 64),
  name text check (length(name) <= 200),
  geom geometry(MultiPolygon, 4326) check (geom_acceptable(geom)),
  geom_3857 geometry(MultiPolygon, 3857) generated always as (st_transform(geom, 3857)) stored,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz
);
create unique index zones_code_key on zones (plant_id, code) where deleted_at is null;
create index zones_geom_gix on zones using gist (geom);
create index zones_geom_3857_gix on zones using gist (geom_3857);
select enable_sync('zones');

-- A table is one mounting structure carrying rows × columns of modules.
create table tables (
  id uuid primary key default gen_random_uuid(),
  plant_id uuid not null references plants (id),
  zone_id uuid references zones (id),
  code text not null check (length(btrim(code)) between 1 and 64),
  tilt_deg numeric(5, 2) check (tilt_deg between 0 and 90),
  azimuth_deg numeric(5, 2) check (azimuth_deg >= 0 and azimuth_deg < 360),
  height_m numeric(6, 2) check (height_m >= 0),
  row_count integer check (row_count between 1 and 100),
  column_count integer check (column_count between 1 and 1000),
  orientation text check (orientation in ('portrait', 'landscape')),
  geom geometry(Polygon, 4326) not null check (geom_acceptable(geom)),
  geom_3857 geometry(Polygon, 3857) generated always as (st_transform(geom, 3857)) stored,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz
);
create unique index tables_code_key on tables (plant_id, code) where deleted_at is null;
create index tables_plant_idx on tables (plant_id);
create index tables_zone_idx on tables (zone_id);
create index tables_geom_gix on tables using gist (geom);
create index tables_geom_3857_gix on tables using gist (geom_3857);
select enable_sync('tables');

create table inverters (
  id uuid primary key default gen_random_uuid(),
  plant_id uuid not null references plants (id),
  code text not null check (length(btrim(code)) between 1 and 64),
  manufacturer text check (length(manufacturer) <= 120),
  model text check (length(model) <= 120),
  rated_power_kw numeric(9, 2) check (rated_power_kw > 0),
  serial_number text check (length(serial_number) <= 120),
  geom geometry(Point, 4326) check (geom_acceptable(geom)),
  geom_3857 geometry(Point, 3857) generated always as (st_transform(geom, 3857)) stored,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz
);
create unique index inverters_code_key on inverters (plant_id, code) where deleted_at is null;
create index inverters_geom_gix on inverters using gist (geom);
create index inverters_geom_3857_gix on inverters using gist (geom_3857);
select enable_sync('inverters');

create table mppt_inputs (
  id uuid primary key default gen_random_uuid(),
  plant_id uuid not null references plants (id),
  inverter_id uuid not null references inverters (id),
  input_index smallint not null check (input_index between 1 and 64),
  max_strings smallint check (max_strings between 1 and 64),
  max_voltage_v numeric(7, 1) check (max_voltage_v > 0),
  max_current_a numeric(7, 2) check (max_current_a > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz
);
create unique index mppt_inputs_index_key on mppt_inputs (inverter_id, input_index) where deleted_at is null;
create index mppt_inputs_plant_idx on mppt_inputs (plant_id);
select enable_sync('mppt_inputs');

create table junction_boxes (
  id uuid primary key default gen_random_uuid(),
  plant_id uuid not null references plants (id),
  inverter_id uuid references inverters (id),
  mppt_input_id uuid references mppt_inputs (id),
  code text not null check (length(btrim(code)) between 1 and 64),
  input_count smallint check (input_count between 1 and 128),
  geom geometry(Point, 4326) check (geom_acceptable(geom)),
  geom_3857 geometry(Point, 3857) generated always as (st_transform(geom, 3857)) stored,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz
);
create unique index junction_boxes_code_key on junction_boxes (plant_id, code) where deleted_at is null;
create index junction_boxes_geom_gix on junction_boxes using gist (geom);
create index junction_boxes_geom_3857_gix on junction_boxes using gist (geom_3857);
select enable_sync('junction_boxes');

-- A string: an ordered series of modules wired to one MPPT input, possibly through a
-- junction box. Its geometry is the outline of its modules, kept by refresh_string_geom().
create table strings (
  id uuid primary key default gen_random_uuid(),
  plant_id uuid not null references plants (id),
  code text not null check (length(btrim(code)) between 1 and 64),
  inverter_id uuid references inverters (id),
  mppt_input_id uuid references mppt_inputs (id),
  junction_box_id uuid references junction_boxes (id),
  geom geometry(MultiPolygon, 4326) check (geom_acceptable(geom)),
  geom_3857 geometry(MultiPolygon, 3857) generated always as (st_transform(geom, 3857)) stored,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz
);
create unique index strings_code_key on strings (plant_id, code) where deleted_at is null;
create index strings_inverter_idx on strings (inverter_id);
create index strings_geom_gix on strings using gist (geom);
create index strings_geom_3857_gix on strings using gist (geom_3857);
select enable_sync('strings');

create table modules (
  id uuid primary key default gen_random_uuid(),
  plant_id uuid not null references plants (id),
  table_id uuid references tables (id),
  string_id uuid references strings (id),
  position_in_string integer check (position_in_string >= 1),
  code text not null check (length(btrim(code)) between 1 and 64),
  model_id uuid references module_models (id),
  row_index integer check (row_index >= 1),
  column_index integer check (column_index >= 1),
  serial_number text check (length(serial_number) <= 120),
  tilt_deg numeric(5, 2) check (tilt_deg between 0 and 90),
  azimuth_deg numeric(5, 2) check (azimuth_deg >= 0 and azimuth_deg < 360),
  height_m numeric(6, 2) check (height_m >= 0),
  -- Derived from audit results (see 007_status.sql); never written by the API.
  status text not null default 'pending'
    check (status in ('ok', 'inequality', 'microcracks', 'dead', 'string_open', 'not_connected', 'pending')),
  geom geometry(Polygon, 4326) not null check (geom_acceptable(geom)),
  geom_3857 geometry(Polygon, 3857) generated always as (st_transform(geom, 3857)) stored,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz
);
create unique index modules_code_key on modules (plant_id, code) where deleted_at is null;
create index modules_plant_idx on modules (plant_id);
create index modules_string_idx on modules (string_id, position_in_string);
create index modules_table_idx on modules (table_id);
create index modules_geom_gix on modules using gist (geom);
create index modules_geom_3857_gix on modules using gist (geom_3857);
select enable_sync('modules');

create table cables (
  id uuid primary key default gen_random_uuid(),
  plant_id uuid not null references plants (id),
  code text not null check (length(btrim(code)) between 1 and 64),
  kind text not null default 'dc_string'
    check (kind in ('dc_string', 'dc_main', 'ac', 'earth', 'communication')),
  from_kind text check (from_kind in ('string', 'junction_box', 'inverter', 'transformer', 'other')),
  from_id uuid,
  to_kind text check (to_kind in ('string', 'junction_box', 'inverter', 'transformer', 'other')),
  to_id uuid,
  cross_section_mm2 numeric(7, 2) check (cross_section_mm2 > 0),
  conductor text check (conductor in ('cu', 'al')),
  -- Computed from geom in the plant's projected CRS (trigger below).
  length_m numeric(10, 2),
  geom geometry(LineString, 4326) not null check (geom_acceptable(geom)),
  geom_3857 geometry(LineString, 3857) generated always as (st_transform(geom, 3857)) stored,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz
);
create unique index cables_code_key on cables (plant_id, code) where deleted_at is null;
create index cables_geom_gix on cables using gist (geom);
create index cables_geom_3857_gix on cables using gist (geom_3857);
select enable_sync('cables');

create function cable_length() returns trigger
language plpgsql as $$
begin
  new.length_m := round(st_length(st_transform(new.geom,
    (select srid from plants where id = new.plant_id)))::numeric, 2);
  return new;
end $$;
create trigger cable_length before insert or update of geom, plant_id on cables
  for each row execute function cable_length();

-- Recomputes the outline of strings from their modules (call after layout edits).
create function refresh_string_geom(string_ids uuid[]) returns void
language sql as $$
  update strings s
     set geom = g.geom
    from (
      select m.string_id, st_multi(st_union(m.geom)) as geom
        from modules m
       where m.string_id = any(string_ids) and m.deleted_at is null
       group by m.string_id
    ) g
   where s.id = g.string_id
     and s.geom is distinct from g.geom
$$;
