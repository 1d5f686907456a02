-- Conventions shared by every table (see docs/database.md).
--
-- Syncable tables carry created_at, updated_at, a server revision and a soft-delete
-- marker. The revision comes from one sequence for the whole database, so a tablet asks
-- "everything with revision > R" and gets every change since its last sync, deletions
-- included, in one query per table.

create sequence sync_revision as bigint;

create function touch_row() returns trigger
language plpgsql as $$
begin
  new.updated_at := now();
  new.revision := nextval('sync_revision');
  return new;
end $$;

-- Adds the updated_at / revision trigger to a syncable table.
create function enable_sync(tbl regclass) returns void
language plpgsql as $$
begin
  execute format(
    'create trigger touch_row before update on %s for each row execute function touch_row()',
    tbl);
end $$;

-- Geometry stored in EPSG:4326 must also be representable in EPSG:3857 (tiles), so
-- latitudes are bounded by Web Mercator's limit.
create function geom_in_bounds(g geometry) returns boolean
language sql immutable parallel safe as $$
  select g is null or st_coveredby(g, st_makeenvelope(-180, -85.0511287798, 180, 85.0511287798, 4326))
$$;

-- A geometry column is acceptable when it is valid, not empty and within bounds.
create function geom_acceptable(g geometry) returns boolean
language sql immutable parallel safe as $$
  select g is null or (st_isvalid(g) and not st_isempty(g) and geom_in_bounds(g))
$$;

-- Severity order of the module statuses, used to derive a module's status from the
-- worst of its open defects. 'pending' (not audited) has no rank.
create function status_rank(status text) returns int
language sql immutable parallel safe as $$
  select case status
    when 'ok' then 0
    when 'inequality' then 1
    when 'microcracks' then 2
    when 'not_connected' then 3
    when 'string_open' then 4
    when 'dead' then 5
  end
$$;
