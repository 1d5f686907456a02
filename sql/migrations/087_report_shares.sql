-- Share links of the interactive web report (issue 18, docs/reports.md "The interactive
-- web report"): a manager gives someone without an account a link that reads one plant's
-- web report, read-only, until it expires or is revoked. Only the SHA-256 of the token is
-- kept (as for personal access tokens): the link is shown once, when it is made.
create table report_shares (
  id uuid primary key default gen_random_uuid(),
  -- The report whose workflow screen made it; the link reads that report's plant.
  report_id uuid not null references reports (id),
  plant_id uuid not null references plants (id),
  token_hash bytea not null unique check (length(token_hash) = 32),
  -- Who the link is for (free text shown in the list: "Exploitant, M. Durand").
  label text not null default '' check (length(label) <= 200),
  created_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  revoked_by uuid references users (id),
  check (expires_at > created_at),
  check ((revoked_at is null) = (revoked_by is null))
);
create index report_shares_report_idx on report_shares (report_id);

-- A revoked link stops at once on every server: they forget what they remembered of
-- tokens when they hear this (core/src/tokens.ts TokenChecker.notified).
create function report_shares_notify_revocation() returns trigger
language plpgsql as $$
begin
  perform pg_notify('token_revocations', json_build_object('share', new.id)::text);
  return null;
end $$;
create trigger report_shares_notify_revocation after update on report_shares
  for each row when (new.revoked_at is distinct from old.revoked_at)
  execute function report_shares_notify_revocation();
