-- Missions and planning (issue 14): what a mission order needs beyond 006, the
-- technicians' unavailability, the mission's history, its PDF versions, e-mails per
-- recipient, in-app notifications and the iCal feeds.

alter table missions
  add column access_notes text check (length(access_notes) <= 20000),
  -- The areas to inspect (zones of the plant); empty: the whole plant.
  add column zone_ids uuid[] not null default '{}',
  add column checklist_template_ids uuid[] not null default '{}',
  add column plan_ids uuid[] not null default '{}',
  -- The layout version the order relies on: the plant's layout edit sequence when the
  -- order was written (null: the plant had no edit yet).
  add column layout_seq bigint;

-- A technician away: leave, training, sickness. Planning refuses slots that overlap.
create table unavailability (
  id uuid primary key default gen_random_uuid(),
  technician_id uuid not null references users (id),
  period tstzrange not null check (not isempty(period) and lower(period) is not null and upper(period) is not null),
  reason text not null default 'leave' check (reason in ('leave', 'training', 'sick', 'other')),
  note text check (length(note) <= 2000),
  created_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz
);
create index unavailability_period_gix on unavailability using gist (technician_id, period) where deleted_at is null;
select enable_sync('unavailability');

-- Board queries read a technician's slots by period.
create index interventions_period_gix on interventions using gist (period) where deleted_at is null;

-- Who did what to a mission, when: the plant's intervention history shows it.
create table mission_events (
  id bigint generated always as identity primary key,
  mission_id uuid not null references missions (id),
  kind text not null check (kind in ('created', 'updated', 'status', 'planning', 'document', 'mail')),
  from_status text,
  to_status text,
  detail jsonb not null default '{}' check (jsonb_typeof(detail) = 'object'),
  user_id uuid references users (id),
  at timestamptz not null default now()
);
create index mission_events_mission_idx on mission_events (mission_id, at);

-- Every rendered mission order, per version and language: old versions are kept.
create table mission_documents (
  id uuid primary key default gen_random_uuid(),
  mission_id uuid not null references missions (id),
  version integer not null check (version >= 1),
  locale text not null check (locale in ('fr', 'en')),
  -- The mission's revision the document was rendered from.
  mission_revision bigint not null,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key text not null,
  size_bytes bigint not null check (size_bytes > 0),
  pages integer check (pages > 0),
  render_ms integer,
  created_at timestamptz not null default now(),
  unique (mission_id, version, locale)
);

-- One e-mail to one person about one thing (a mission today, reports later), sent by a
-- job with retries; its status is shown where the thing is (not_configured: no SMTP_URL,
-- nothing was sent, and what it was about was saved all the same).
create table mail_messages (
  id uuid primary key default gen_random_uuid(),
  topic text not null check (topic in ('mission')),
  topic_id uuid not null,
  user_id uuid references users (id),
  email text not null check (length(email) <= 254),
  kind text not null check (length(kind) between 1 and 40),
  status text not null default 'queued' check (status in ('queued', 'sending', 'sent', 'failed', 'not_configured')),
  -- What the composer needs besides the topic (the document version to attach, a locale).
  detail jsonb not null default '{}' check (jsonb_typeof(detail) = 'object'),
  attempts integer not null default 0,
  error text,
  job_id uuid,
  message_id text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index mail_messages_topic_idx on mail_messages (topic, topic_id, created_at);

-- In-app notifications: the bell in the web header. kind + params are translated by the
-- app, so that a notification reads in the language of whoever looks at it.
create table notifications (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id),
  kind text not null check (length(kind) between 1 and 60),
  mission_id uuid references missions (id),
  params jsonb not null default '{}' check (jsonb_typeof(params) = 'object'),
  created_at timestamptz not null default now(),
  read_at timestamptz
);
create index notifications_user_idx on notifications (user_id, created_at desc);

-- iCal feeds: a secret URL that calendar apps poll. Only the token's SHA-256 is kept;
-- revoking sets revoked_at. technician_id null: the whole team's feed.
create table calendar_feeds (
  id uuid primary key default gen_random_uuid(),
  technician_id uuid references users (id),
  token_hash bytea not null unique,
  label text check (length(label) <= 200),
  created_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  last_polled_at timestamptz,
  revoked_at timestamptz
);
create index calendar_feeds_technician_idx on calendar_feeds (technician_id);
