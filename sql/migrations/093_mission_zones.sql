-- Work zones of a mission (issue 17, docs/realtime.md §10): the mission's lead (or the
-- office) draws areas of the plant on the map and gives each to technicians of the team;
-- each technician sees theirs, and the progress of every zone is counted from the audit
-- results of the modules whose centre lies in it. Field data like the rest: drawn on a
-- tablet, pushed and pulled (docs/sync.md §2), so the zones are there offline.
-- Not the plant's `zones` (a layout's fixed areas): these live and die with one night's work.
create table mission_zones (
  id uuid primary key,
  mission_id uuid not null references missions (id),
  plant_id uuid not null references plants (id),
  name text not null check (length(btrim(name)) between 1 and 100),
  -- Technicians of the mission (checked by the sync engine against mission_members).
  assignee_ids uuid[] not null default '{}' check (cardinality(assignee_ids) <= 50),
  geom geometry(Polygon, 4326) not null check (geom_acceptable(geom)),
  author_id uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz
);
select enable_sync('mission_zones');
select enable_sync_xid('mission_zones');
create index mission_zones_pull_idx on mission_zones (mission_id, sync_xid, revision);
