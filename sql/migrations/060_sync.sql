-- The sync protocol's server side (docs/sync.md, issue 16).
--
-- 1. Every table a device pulls records the transaction that last wrote each row
--    (sync_xid). A pull returns rows whose transaction ended before the oldest one still
--    running, ordered by (sync_xid, revision): a transaction that commits late, with a
--    lower revision than rows already pulled, is still seen by the next pull (docs/sync.md §5).
-- 2. Pushes are idempotent: batches and operations are kept with their answer.
-- 3. Conflicts are decided per column by device time: the clock keeps, per row and
--    column, the device time and operation of the value's last synced change.
-- 4. A plant's layout revision tells devices their mission package is out of date.

create function stamp_sync_xid() returns trigger
language plpgsql as $$
begin
  new.sync_xid := pg_current_xact_id();
  return new;
end $$;

create function enable_sync_xid(tbl regclass) returns void
language plpgsql as $$
begin
  execute format('alter table %s add column sync_xid xid8 not null default pg_current_xact_id()', tbl);
  execute format(
    'create trigger stamp_sync_xid before update on %s for each row execute function stamp_sync_xid()', tbl);
end $$;

select enable_sync_xid('missions');
select enable_sync_xid('mission_members');
select enable_sync_xid('audits');
select enable_sync_xid('audit_modules');
select enable_sync_xid('defects');
select enable_sync_xid('photos');
select enable_sync_xid('checklist_templates');
select enable_sync_xid('checklist_responses');

-- A pull reads each table of one mission in (sync_xid, revision) order from its cursor.
create index audits_pull_idx on audits (mission_id, sync_xid, revision);
create index mission_members_pull_idx on mission_members (mission_id, sync_xid, revision);
create index audit_modules_pull_idx on audit_modules (audit_id, sync_xid, revision);
create index defects_pull_idx on defects (audit_id, sync_xid, revision);
create index photos_pull_idx on photos (mission_id, sync_xid, revision);
create index checklist_responses_pull_idx on checklist_responses (mission_id, sync_xid, revision);

-- One row per batch received: a batch sent again gets its stored answer, nothing more.
create table sync_batches (
  id uuid primary key,
  user_id uuid not null references users (id),
  device_id text not null check (length(device_id) between 1 and 100),
  mission_id uuid not null references missions (id),
  operation_count integer not null check (operation_count >= 0),
  -- The answer sent (null only inside the transaction that applies the batch).
  answer jsonb,
  received_at timestamptz not null default now()
);
create index sync_batches_mission_idx on sync_batches (mission_id, received_at);

-- One row per operation, from a device (batch_id) or the office (audit API, no batch):
-- an operation id seen before is never applied again, its stored result is returned.
create table sync_operations (
  id uuid primary key,
  batch_id uuid references sync_batches (id),
  mission_id uuid not null references missions (id),
  user_id uuid not null references users (id),
  table_name text not null,
  row_key text not null,
  op text not null check (op in ('create', 'patch', 'delete')),
  -- The device time as sent, and as used (clamped to the server's clock + 5 min).
  device_time_sent timestamptz,
  device_time timestamptz not null,
  result jsonb,
  received_at timestamptz not null default now()
);
create index sync_operations_batch_idx on sync_operations (batch_id);

-- Per row and column: the device time and operation of the value's last synced change.
-- column_name '*' is the row's creation (every column it set).
create table sync_column_clock (
  table_name text not null,
  row_key text not null,
  column_name text not null,
  device_time timestamptz not null,
  operation_id uuid not null,
  user_id uuid references users (id),
  primary key (table_name, row_key, column_name)
);

-- What a conflict decided, with both sides, so that the office can see it and revert it.
--   column: one column changed on both sides; the later device time won.
--   deleted: a create or patch arrived for a row deleted on the server; the delete won.
--   delete_over_change: a delete arrived for a row changed since the device saw it.
create table sync_conflicts (
  id uuid primary key default gen_random_uuid(),
  mission_id uuid not null references missions (id),
  table_name text not null,
  row_key jsonb not null check (jsonb_typeof(row_key) = 'object'),
  kind text not null check (kind in ('column', 'deleted', 'delete_over_change')),
  column_name text,
  kept text not null check (kept in ('server', 'device')),
  server_value jsonb,
  device_value jsonb,
  server_time timestamptz,
  device_time timestamptz not null,
  device_time_sent timestamptz,
  server_operation_id uuid,
  device_operation_id uuid not null,
  server_user_id uuid references users (id),
  device_user_id uuid references users (id),
  created_at timestamptz not null default now(),
  reverted_at timestamptz,
  reverted_by uuid references users (id),
  revert_operation_id uuid,
  check ((kind = 'column') = (column_name is not null))
);
create index sync_conflicts_mission_idx on sync_conflicts (mission_id, created_at);

-- A plant's layout revision: bumped by any change of its layout (not by the derived
-- module status), so a device compares it with its package's.
create table plant_layout_revisions (
  plant_id uuid primary key references plants (id),
  revision bigint not null
);

create function bump_layout_revision() returns trigger
language plpgsql as $$
begin
  -- A derived status written by refresh_module_status is not a layout change.
  if tg_table_name = 'modules' and current_setting('calepin.derived_status', true) = 'on' then
    return null;
  end if;
  if tg_op = 'DELETE' then
    insert into plant_layout_revisions as r (plant_id, revision)
    select plant_id, nextval('sync_revision') from (select distinct plant_id from old_rows) p
    on conflict (plant_id) do update set revision = excluded.revision;
  else
    insert into plant_layout_revisions as r (plant_id, revision)
    select plant_id, nextval('sync_revision') from (select distinct plant_id from new_rows) p
    on conflict (plant_id) do update set revision = excluded.revision;
  end if;
  return null;
end $$;

create function enable_layout_revision(tbl regclass) returns void
language plpgsql as $$
begin
  execute format('create trigger layout_revision_ins after insert on %s referencing new table as new_rows '
                 'for each statement execute function bump_layout_revision()', tbl);
  execute format('create trigger layout_revision_upd after update on %s referencing new table as new_rows '
                 'for each statement execute function bump_layout_revision()', tbl);
  execute format('create trigger layout_revision_del after delete on %s referencing old table as old_rows '
                 'for each statement execute function bump_layout_revision()', tbl);
end $$;

select enable_layout_revision('zones');
select enable_layout_revision('tables');
select enable_layout_revision('modules');
select enable_layout_revision('strings');
select enable_layout_revision('inverters');
select enable_layout_revision('mppt_inputs');
select enable_layout_revision('junction_boxes');
select enable_layout_revision('cables');

insert into plant_layout_revisions (plant_id, revision)
select id, nextval('sync_revision') from plants;

-- 008's refresh_module_status, marking its write as derived (see bump_layout_revision).
create or replace function refresh_module_status(module_ids uuid[]) returns void
language plpgsql as $$
begin
  perform set_config('calepin.derived_status', 'on', true);
  update modules m
     set status = s.status
    from (
      select id,
             coalesce((select am.status
                         from audit_modules am join audits a on a.id = am.audit_id
                        where am.module_id = ids.id
                          and am.deleted_at is null and a.deleted_at is null
                        order by coalesce(a.started_at, a.created_at) desc, am.inspected_at desc
                        limit 1), 'pending') as status
        from unnest(module_ids) as ids (id)
    ) s
   where m.id = s.id and m.status is distinct from s.status;
  perform set_config('calepin.derived_status', 'off', true);
end $$;
