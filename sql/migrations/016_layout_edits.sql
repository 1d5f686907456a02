-- The layout editor's history, per plant: what each edit changed, so that it can be
-- undone and redone on the server (every tab and every user of the plant share it).
-- `changes` is a list of {table, op, ids} (insert, delete: undo soft-deletes or revives
-- the rows) and {table, op: 'update', before, after} (rows of editable columns, geometry
-- as hex EWKB). Undone edits are dropped when a new edit is recorded.
create table layout_edits (
  id uuid primary key default gen_random_uuid(),
  plant_id uuid not null references plants (id),
  seq bigint generated always as identity,
  kind text not null check (length(kind) between 1 and 40),
  description jsonb not null check (jsonb_typeof(description -> 'en') = 'string' and jsonb_typeof(description -> 'fr') = 'string'),
  changes jsonb not null check (jsonb_typeof(changes) = 'array'),
  undone boolean not null default false,
  author_id uuid references users (id),
  created_at timestamptz not null default now()
);
create index layout_edits_plant_idx on layout_edits (plant_id, seq);
