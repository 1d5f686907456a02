-- Team chat of a mission (issue 17, docs/realtime.md): messages are field data like the
-- rest — written on the tablet, pushed (create only) and pulled (docs/sync.md §2) — and
-- shown live by the real-time layer once a push commits. A message may pin a module of the
-- plant and carry a photo (a `photos` row of the mission, its file uploaded by tus).
create table chat_messages (
  id uuid primary key,
  mission_id uuid not null references missions (id),
  plant_id uuid not null references plants (id),
  author_id uuid not null references users (id),
  body text not null default '' check (length(body) <= 4000),
  module_id uuid references modules (id),
  -- No foreign key: the photo's row may arrive in a later batch than the message; the
  -- sync engine checks that it names a photo of the mission when both are there.
  photo_id uuid,
  -- The device's clock when it was written (sorting a conversation written offline).
  sent_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision bigint not null default nextval('sync_revision'),
  deleted_at timestamptz,
  check (length(btrim(body)) > 0 or photo_id is not null or module_id is not null)
);
select enable_sync('chat_messages');
select enable_sync_xid('chat_messages');
create index chat_messages_pull_idx on chat_messages (mission_id, sync_xid, revision);
create index chat_messages_sent_idx on chat_messages (mission_id, sent_at);

-- Read receipts: how far each member has read a mission's chat. Live state more than
-- field data (sent by the real-time layer, not synced); one row per member and mission.
create table chat_reads (
  mission_id uuid not null references missions (id),
  user_id uuid not null references users (id),
  message_id uuid not null references chat_messages (id),
  read_at timestamptz not null default now(),
  primary key (mission_id, user_id)
);
