-- Missions and planning, audits and what they find: audit results per module, defects,
-- photos, checklists.

create table missions (
  id uuid primary key default gen_random_uuid(),
  plant_id uuid not null references plants (id),
  reference text not null check (length(btrim(reference)) between 1 and 64),
  title text not null check (length(btrim(title)) between 1 and 300),
  audit_types text[] not null check (
    cardinality(audit_types) >= 1
    and audit_types <@ array['el', 'thermography', 'iv', 'visual', 'insulation', 'diode', 'drone']),
  status text not null default 'draft'
    check (status in ('draft', 'planned', 'in_progress', 'done', 'cancelled')),
  planned_start timestamptz,
  planned_end timestamptz,
  estimated_hours numeric(6, 1) check (estimated_hours > 0),
  safety_instructions text check (length(safety_instructions) <= 20000),
  notes text check (length(notes) <= 20000),
  created_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz,
  check (planned_end is null or planned_start is null or planned_end >= planned_start)
);
create unique index missions_reference_key on missions (lower(reference)) where deleted_at is null;
create index missions_plant_idx on missions (plant_id);
select enable_sync('missions');

create table mission_members (
  mission_id uuid not null references missions (id),
  user_id uuid not null references users (id),
  role text not null default 'technician' check (role in ('lead', 'technician')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz,
  primary key (mission_id, user_id)
);
create index mission_members_user_idx on mission_members (user_id);
select enable_sync('mission_members');

-- An intervention is one technician's slot on a mission. A technician cannot be in two
-- places at once: overlapping live slots are refused by the database itself.
create table interventions (
  id uuid primary key default gen_random_uuid(),
  mission_id uuid not null references missions (id),
  technician_id uuid not null references users (id),
  period tstzrange not null check (not isempty(period) and lower(period) is not null and upper(period) is not null),
  status text not null default 'planned' check (status in ('planned', 'done', 'cancelled')),
  notes text check (length(notes) <= 10000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz,
  constraint interventions_no_overlap exclude using gist (technician_id with =, period with &&)
    where (deleted_at is null and status <> 'cancelled')
);
create index interventions_mission_idx on interventions (mission_id);
select enable_sync('interventions');

create table audits (
  id uuid primary key default gen_random_uuid(),
  plant_id uuid not null references plants (id),
  mission_id uuid references missions (id),
  audit_type text not null
    check (audit_type in ('el', 'thermography', 'iv', 'visual', 'insulation', 'diode', 'drone')),
  status text not null default 'planned' check (status in ('planned', 'in_progress', 'done')),
  started_at timestamptz,
  finished_at timestamptz,
  -- Measurement conditions: irradiance, temperatures, weather, wind, equipment.
  conditions jsonb not null default '{}' check (jsonb_typeof(conditions) = 'object'),
  performed_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz,
  check (finished_at is null or started_at is null or finished_at >= started_at)
);
create index audits_plant_idx on audits (plant_id);
create index audits_mission_idx on audits (mission_id);
select enable_sync('audits');

-- One row per module inspected in an audit. No row: the module is still pending in that
-- audit. The status is derived from the audit's open defects on the module (007_status).
create table audit_modules (
  audit_id uuid not null references audits (id),
  module_id uuid not null references modules (id),
  plant_id uuid not null references plants (id),
  status text not null default 'ok'
    check (status in ('ok', 'inequality', 'microcracks', 'dead', 'string_open', 'not_connected')),
  inspected_at timestamptz not null default now(),
  inspected_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz,
  primary key (audit_id, module_id)
);
create index audit_modules_module_idx on audit_modules (module_id);
create index audit_modules_plant_idx on audit_modules (plant_id);
select enable_sync('audit_modules');

create table defects (
  id uuid primary key default gen_random_uuid(),
  plant_id uuid not null references plants (id),
  audit_id uuid not null references audits (id),
  -- What the defect is on: a module (module_id), or another layout element (target_id).
  target_kind text not null default 'module'
    check (target_kind in ('module', 'string', 'inverter', 'junction_box', 'cable', 'point')),
  module_id uuid references modules (id),
  target_id uuid,
  defect_type text not null check (defect_type in (
    'microcrack', 'cell_inequality', 'dead_module', 'string_open', 'not_connected',
    'hot_spot', 'bypass_diode', 'pid', 'delamination', 'snail_trail', 'broken_glass',
    'burn_mark', 'backsheet', 'junction_box', 'connector', 'cable_damage', 'corrosion',
    'frame_damage', 'shading', 'soiling', 'vegetation', 'insulation_fault', 'other')),
  -- The module status this finding implies; the module's status is the worst of them.
  module_status text not null
    check (module_status in ('ok', 'inequality', 'microcracks', 'dead', 'string_open', 'not_connected')),
  severity text not null check (severity in ('info', 'warning', 'urgent')),
  -- IEC TS 62446-3 class of abnormality (CoA 1, 2, 3), thermography only.
  iec_class smallint check (iec_class between 1 and 3),
  delta_t_c numeric(6, 2) check (delta_t_c between -100 and 500),
  description text check (length(description) <= 10000),
  voice_note_key text,
  geom geometry(Point, 4326) not null check (geom_acceptable(geom)),
  geom_3857 geometry(Point, 3857) generated always as (st_transform(geom, 3857)) stored,
  gps_accuracy_m numeric(8, 2) check (gps_accuracy_m >= 0),
  author_id uuid references users (id),
  observed_at timestamptz not null default now(),
  resolved_at timestamptz,
  resolution_note text check (length(resolution_note) <= 10000),
  -- AI suggestions count only once a person has validated them.
  source text not null default 'manual' check (source in ('manual', 'ai')),
  ai_confidence numeric(4, 3) check (ai_confidence between 0 and 1),
  validated_by uuid references users (id),
  validated_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz,
  check ((target_kind = 'module') = (module_id is not null)),
  check (target_kind in ('module', 'point') or target_id is not null),
  check (iec_class is null or defect_type in ('hot_spot', 'bypass_diode', 'junction_box', 'connector', 'pid', 'other'))
);
create index defects_plant_idx on defects (plant_id);
create index defects_audit_idx on defects (audit_id);
create index defects_module_idx on defects (module_id);
create index defects_geom_gix on defects using gist (geom);
create index defects_geom_3857_gix on defects using gist (geom_3857);
select enable_sync('defects');

create table photos (
  id uuid primary key default gen_random_uuid(),
  plant_id uuid not null references plants (id),
  mission_id uuid references missions (id),
  audit_id uuid references audits (id),
  defect_id uuid references defects (id),
  module_id uuid references modules (id),
  category text not null check (category in ('el', 'ir', 'visual', 'context', 'closeup')),
  -- The original file is kept byte for byte (EXIF included); sha256 identifies it.
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key text not null,
  original_filename text check (length(original_filename) <= 255),
  mime_type text not null check (length(mime_type) <= 127),
  size_bytes bigint not null check (size_bytes >= 0),
  width integer check (width > 0),
  height integer check (height > 0),
  taken_at timestamptz,
  exif jsonb,
  geom geometry(Point, 4326) check (geom_acceptable(geom)),
  geom_3857 geometry(Point, 3857) generated always as (st_transform(geom, 3857)) stored,
  gps_source text check (gps_source in ('exif', 'device', 'manual')),
  caption text check (length(caption) <= 2000),
  author_id uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz,
  check ((geom is null) = (gps_source is null))
);
create index photos_plant_idx on photos (plant_id);
create index photos_defect_idx on photos (defect_id);
create index photos_sha256_idx on photos (sha256);
create index photos_geom_gix on photos using gist (geom);
create index photos_geom_3857_gix on photos using gist (geom_3857);
select enable_sync('photos');

-- A checklist template: sections of typed fields (boolean, choice, text, number with
-- unit and bounds, photo), validated by core's zod schema before it is stored.
create table checklist_templates (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(btrim(name)) between 1 and 200),
  version integer not null default 1 check (version >= 1),
  audit_types text[] not null default '{}' check (
    audit_types <@ array['el', 'thermography', 'iv', 'visual', 'insulation', 'diode', 'drone']),
  sections jsonb not null check (jsonb_typeof(sections) = 'array'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz
);
create unique index checklist_templates_key on checklist_templates (lower(name), version)
  where deleted_at is null;
select enable_sync('checklist_templates');

create table checklist_responses (
  id uuid primary key default gen_random_uuid(),
  template_id uuid not null references checklist_templates (id),
  mission_id uuid not null references missions (id),
  plant_id uuid not null references plants (id),
  answers jsonb not null default '{}' check (jsonb_typeof(answers) = 'object'),
  validated_sections text[] not null default '{}',
  author_id uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz
);
create unique index checklist_responses_key on checklist_responses (mission_id, template_id)
  where deleted_at is null;
select enable_sync('checklist_responses');
