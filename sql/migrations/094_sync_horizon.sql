-- The horizon of a sync pull (docs/sync.md §5): the oldest transaction still running that
-- may have written this database's rows. A pull hands out a row only when the transaction
-- that wrote it is below the horizon, so that a row committed late is never skipped.
-- pg_snapshot_xmin(pg_current_snapshot()) was that horizon, but transaction ids are shared by
-- every database of the cluster: a long transaction in another database (a test file beside
-- this one, a report in a neighbour's database, an analyst's session) held every pull back.
-- A backend is connected to one database and writes only there, so a running transaction
-- whose backend is in another database is skipped. One that cannot be placed — a prepared
-- transaction, a session this role may not see (pg_read_all_stats shows them all) — still
-- counts: the horizon is never later than it must be.
create function sync_horizon() returns xid8
language sql volatile parallel restricted as $$
  with s as materialized (select pg_current_snapshot() as s),
  elsewhere as materialized (
    select backend_xid from pg_stat_activity
     where backend_xid is not null and datname is not null and datname <> current_database()
  )
  select coalesce(min(x), (select pg_snapshot_xmax(s) from s))
    from s, pg_snapshot_xip(s.s) as x
   where x::xid not in (select backend_xid from elsewhere)
$$;
