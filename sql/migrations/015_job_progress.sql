-- Progress of background jobs (pg-boss runs them; this is what GET /jobs/{id} reads),
-- kept in the database so it survives a restart of gis-server.

create table job_progress (
  job_id uuid primary key,
  queue text not null,
  state text not null default 'queued' check (state in ('queued', 'active', 'completed', 'failed')),
  progress real not null default 0 check (progress between 0 and 1),
  message text,
  result jsonb,
  -- The plan the job works on: client users may only read jobs of their plants.
  plant_id uuid references plants (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
