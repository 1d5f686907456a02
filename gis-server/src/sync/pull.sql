-- Everything of one mission changed after a cursor (docs/sync.md §5).
--   $1 mission id, $2 cursor transaction id (xid8), $3 cursor revision, $4 page size.
-- A row is returned once its transaction has ended: every transaction of this database
-- with an id below sync_horizon() has (migration 094). Rows of a transaction still running
-- wait for a later pull; they are never skipped, whatever their revision.
-- Each table is read in (sync_xid, revision) order from its index, at most $4 rows, then
-- the pages are merged: a first pull of 250,000 module results costs a page, not a sort.
with h as materialized (select sync_horizon() as h),
audits_of as materialized (select id from audits where mission_id = $1),
after as materialized (select $2::xid8 as x, $3::bigint as r),
changes as (
  (select 'missions' as tbl, t.sync_xid, t.revision, jsonb_build_object('id', t.id) as key,
          t.deleted_at is not null as deleted, to_jsonb(t) - 'sync_xid' as row
     from missions t, after
    where t.id = $1 and (t.sync_xid, t.revision) > (after.x, after.r) and t.sync_xid < (select h from h)
    order by t.sync_xid, t.revision limit $4)
  union all
  (select 'mission_members', t.sync_xid, t.revision, jsonb_build_object('mission_id', t.mission_id, 'user_id', t.user_id),
          t.deleted_at is not null, to_jsonb(t) - 'sync_xid' || jsonb_build_object('user_name', u.full_name)
     from mission_members t join users u on u.id = t.user_id, after
    where t.mission_id = $1 and (t.sync_xid, t.revision) > (after.x, after.r) and t.sync_xid < (select h from h)
    order by t.sync_xid, t.revision limit $4)
  union all
  (select 'audits', t.sync_xid, t.revision, jsonb_build_object('id', t.id), t.deleted_at is not null, to_jsonb(t) - 'sync_xid'
     from audits t, after
    where t.mission_id = $1 and (t.sync_xid, t.revision) > (after.x, after.r) and t.sync_xid < (select h from h)
    order by t.sync_xid, t.revision limit $4)
  union all
  (select c.* from audits_of a cross join lateral (
     select 'audit_modules' as tbl, t.sync_xid, t.revision, jsonb_build_object('audit_id', t.audit_id, 'module_id', t.module_id) as key,
            t.deleted_at is not null as deleted, to_jsonb(t) - 'sync_xid' as row
       from audit_modules t, after
      where t.audit_id = a.id and (t.sync_xid, t.revision) > (after.x, after.r) and t.sync_xid < (select h from h)
      order by t.sync_xid, t.revision limit $4) c)
  union all
  (select c.* from audits_of a cross join lateral (
     select 'defects' as tbl, t.sync_xid, t.revision, jsonb_build_object('id', t.id) as key, t.deleted_at is not null as deleted,
            to_jsonb(t) - '{sync_xid,geom_3857}'::text[] || jsonb_build_object('geom', st_asgeojson(t.geom, 15)::jsonb) as row
       from defects t, after
      where t.audit_id = a.id and (t.sync_xid, t.revision) > (after.x, after.r) and t.sync_xid < (select h from h)
      order by t.sync_xid, t.revision limit $4) c)
  union all
  (select 'photos', t.sync_xid, t.revision, jsonb_build_object('id', t.id), t.deleted_at is not null,
          to_jsonb(t) - '{sync_xid,geom_3857}'::text[] || jsonb_build_object('geom', st_asgeojson(t.geom, 15)::jsonb)
     from photos t, after
    where t.mission_id = $1 and (t.sync_xid, t.revision) > (after.x, after.r) and t.sync_xid < (select h from h)
    order by t.sync_xid, t.revision limit $4)
  union all
  (select 'checklist_responses', t.sync_xid, t.revision, jsonb_build_object('id', t.id), t.deleted_at is not null,
          to_jsonb(t) - 'sync_xid'
     from checklist_responses t, after
    where t.mission_id = $1 and (t.sync_xid, t.revision) > (after.x, after.r) and t.sync_xid < (select h from h)
    order by t.sync_xid, t.revision limit $4)
  union all
  (select 'chat_messages', t.sync_xid, t.revision, jsonb_build_object('id', t.id), t.deleted_at is not null,
          to_jsonb(t) - 'sync_xid'
     from chat_messages t, after
    where t.mission_id = $1 and (t.sync_xid, t.revision) > (after.x, after.r) and t.sync_xid < (select h from h)
    order by t.sync_xid, t.revision limit $4)
  union all
  (select 'mission_zones', t.sync_xid, t.revision, jsonb_build_object('id', t.id), t.deleted_at is not null,
          to_jsonb(t) - 'sync_xid' || jsonb_build_object('geom', st_asgeojson(t.geom, 15)::jsonb)
     from mission_zones t, after
    where t.mission_id = $1 and (t.sync_xid, t.revision) > (after.x, after.r) and t.sync_xid < (select h from h)
    order by t.sync_xid, t.revision limit $4)
  union all
  -- The templates the mission answers or may answer (those of its audit types).
  (select 'checklist_templates', t.sync_xid, t.revision, jsonb_build_object('id', t.id), t.deleted_at is not null,
          to_jsonb(t) - 'sync_xid'
     from checklist_templates t, after
    where (t.audit_types && (select audit_types from missions where id = $1)
           or t.id in (select template_id from checklist_responses where mission_id = $1))
      and (t.sync_xid, t.revision) > (after.x, after.r) and t.sync_xid < (select h from h)
    order by t.sync_xid, t.revision limit $4)
)
select tbl as "table", sync_xid::text as xid, revision, key, deleted, case when deleted then null else row end as row
  from changes
 order by sync_xid, revision
 limit $4
