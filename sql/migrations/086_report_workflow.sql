-- The workflow of a report after its draft (issue 18, docs/report-workflow.md): each
-- validation makes an immutable signed version; sending and archiving are recorded on
-- the version; every step is an event of the plant's history.

create table report_versions (
  report_id uuid not null references reports (id),
  version integer not null check (version >= 1),
  -- The signed PDF in the file store (namespace reports) and its SHA-256.
  document_key text not null,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes bigint not null check (size_bytes > 0),
  -- The draft it was made from.
  draft_sha256 text not null check (draft_sha256 ~ '^[0-9a-f]{64}$'),
  signed_by uuid not null references users (id),
  signed_at timestamptz not null default now(),
  certificate_subject text not null,
  sent_at timestamptz,
  sent_to text[],
  archived_at timestamptz,
  archived_by uuid references users (id),
  primary key (report_id, version)
);

-- A version's document never changes, an archived version not at all, and none is deleted.
create function report_versions_immutable() returns trigger
language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'report version % of % cannot be deleted', old.version, old.report_id using errcode = 'check_violation';
  end if;
  if new.document_key is distinct from old.document_key or new.sha256 is distinct from old.sha256
     or new.draft_sha256 is distinct from old.draft_sha256 or new.signed_by is distinct from old.signed_by
     or new.signed_at is distinct from old.signed_at or new.version is distinct from old.version
     or new.report_id is distinct from old.report_id then
    raise exception 'the signed document of report version % cannot change', old.version using errcode = 'check_violation';
  end if;
  if old.archived_at is not null then
    raise exception 'report version % is archived: it cannot change', old.version using errcode = 'check_violation';
  end if;
  return new;
end $$;
create trigger report_versions_immutable before update or delete on report_versions
  for each row execute function report_versions_immutable();

-- A new draft (the render job writes another document) after validation starts the
-- workflow again: the report is a draft, and the next validation makes the next version.
create function report_redrafted() returns trigger
language plpgsql as $$
begin
  if new.sha256 is distinct from old.sha256 and old.status <> 'draft' then
    new.status := 'draft';
    new.validated_by := null;
    new.validated_at := null;
    new.signature := null;
    new.sent_at := null;
    new.sent_to := null;
    new.archived_at := null;
  end if;
  return new;
end $$;
create trigger report_redrafted before update of sha256 on reports
  for each row execute function report_redrafted();

create table report_events (
  id uuid primary key default gen_random_uuid(),
  report_id uuid not null references reports (id),
  plant_id uuid not null references plants (id),
  version integer,
  action text not null check (action in ('validated', 'sent', 'archived')),
  actor_id uuid references users (id),
  at timestamptz not null default now(),
  detail jsonb not null default '{}' check (jsonb_typeof(detail) = 'object')
);
create index report_events_report_idx on report_events (report_id, at);
create index report_events_plant_idx on report_events (plant_id, at);

alter table mail_messages drop constraint mail_messages_topic_check;
alter table mail_messages add constraint mail_messages_topic_check check (topic in ('mission', 'report'));
