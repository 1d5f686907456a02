-- PAdES baseline B-T: a signed version records the time-stamping authority's time and
-- name when one stamped its signature (null: baseline B-B). Written with the version, and
-- kept by report_versions_immutable like the rest of the signed document.
alter table report_versions
  add column timestamped_at timestamptz,
  add column timestamp_authority text,
  add constraint report_versions_timestamp check ((timestamped_at is null) = (timestamp_authority is null));

create or replace function report_versions_immutable() returns trigger
language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'report version % of % cannot be deleted', old.version, old.report_id using errcode = 'check_violation';
  end if;
  if new.document_key is distinct from old.document_key or new.sha256 is distinct from old.sha256
     or new.draft_sha256 is distinct from old.draft_sha256 or new.signed_by is distinct from old.signed_by
     or new.signed_at is distinct from old.signed_at or new.version is distinct from old.version
     or new.report_id is distinct from old.report_id
     or new.timestamped_at is distinct from old.timestamped_at or new.timestamp_authority is distinct from old.timestamp_authority then
    raise exception 'the signed document of report version % cannot change', old.version using errcode = 'check_violation';
  end if;
  if old.archived_at is not null then
    raise exception 'report version % is archived: it cannot change', old.version using errcode = 'check_violation';
  end if;
  return new;
end $$;
