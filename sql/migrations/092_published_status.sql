-- What a client sees (issue 13, hostile client): the results of validated audits only.
--
-- modules.status is a module's result in its most recent audit, validated or not: the
-- office sees an audit's findings as they come in from the field. A client (and a web
-- report's share link, and an anonymous viewer of a public plant) sees
-- modules.published_status: its result in the most recent *validated* audit, 'pending'
-- when none. Both are derived together by refresh_module_status, and again when an audit
-- is validated or its validation withdrawn.
--
-- The tiles keep the client's view ready the way they keep the office's (010_tiles.sql):
--   tile_plant_counts.published   modules per plant and published status;
--   tile_published_patches        the patches of the groups (tables) where some module's
--                                 published status differs from its status, in the
--                                 published statuses. Where none differs (every audit
--                                 validated: the usual state) the client's tiles read the
--                                 office's patches, so nothing is kept twice.

alter table modules
  add column published_status text not null default 'pending'
    check (published_status in ('ok', 'inequality', 'microcracks', 'dead', 'string_open', 'not_connected', 'pending'));

create or replace function refresh_module_status(module_ids uuid[]) returns void
language plpgsql as $$
begin
  perform set_config('calepin.derived_status', 'on', true);
  update modules m
     set status = s.status, published_status = s.published_status
    from (
      select ids.id,
             coalesce((select am.status
                         from audit_modules am join audits a on a.id = am.audit_id
                        where am.module_id = ids.id
                          and am.deleted_at is null and a.deleted_at is null
                        order by coalesce(a.started_at, a.created_at) desc, am.inspected_at desc
                        limit 1), 'pending') as status,
             coalesce((select am.status
                         from audit_modules am join audits a on a.id = am.audit_id
                        where am.module_id = ids.id
                          and am.deleted_at is null and a.deleted_at is null and a.validated_at is not null
                        order by coalesce(a.started_at, a.created_at) desc, am.inspected_at desc
                        limit 1), 'pending') as published_status
        from unnest(module_ids) as ids (id)
    ) s
   where m.id = s.id
     and (m.status is distinct from s.status or m.published_status is distinct from s.published_status);
  perform set_config('calepin.derived_status', 'off', true);
end $$;

-- An audit validated (or no longer) changes which result is published.
create or replace function audits_changed() returns trigger
language plpgsql as $$
begin
  perform refresh_module_status(array(
    select distinct am.module_id from audit_modules am
     where am.audit_id in (
       select n.id from new_rows n join old_rows o on o.id = n.id
        where n.deleted_at is distinct from o.deleted_at
           or n.started_at is distinct from o.started_at
           or n.created_at is distinct from o.created_at
           or n.validated_at is distinct from o.validated_at)));
  return null;
end $$;

-- A client's defect tiles change with a validation too, also where no module is (a defect
-- on an inverter or a cable): the audit's defects are said changed, as 009 says any change.
create function notify_audit_validation() returns trigger
language plpgsql as $$
declare
  rec record;
begin
  for rec in
    select d.plant_id, st_extent(d.geom) as box, count(*) as n
      from new_rows n join old_rows o on o.id = n.id
      join defects d on d.audit_id = n.id and d.deleted_at is null
     where n.validated_at is distinct from o.validated_at
     group by d.plant_id
  loop
    perform pg_notify('layout_changes', json_build_object(
      'table', 'defects', 'op', 'UPDATE', 'plant_id', rec.plant_id,
      'bbox', json_build_array(st_xmin(rec.box), st_ymin(rec.box), st_xmax(rec.box), st_ymax(rec.box)),
      'rows', rec.n)::text);
  end loop;
  return null;
end $$;

create trigger audits_validation_notify after update on audits
  referencing old table as old_rows new table as new_rows for each statement execute function notify_audit_validation();

-- The client's counts beside the office's.
alter table tile_plant_counts add column published bigint not null default 0;

-- With the same indexes (by group, by geometry, the bases' own).
create table tile_published_patches (like tile_module_patches including all);

-- 010's function, which now also keeps the published patches of the groups it rebuilds.
create or replace function tile_refresh_patches(groups uuid[]) returns void
language sql
set enable_bitmapscan = off
as $$
  delete from tile_module_patches p
   using (select distinct g as id from unnest(groups) g) w
   where p.group_id = w.id;
  delete from tile_module_patches p
   using modules m, (select distinct g as id from unnest(groups) g) w
   where m.table_id = w.id and p.module_id = m.id;
  delete from tile_published_patches p
   using (select distinct g as id from unnest(groups) g) w
   where p.group_id = w.id;
  delete from tile_published_patches p
   using modules m, (select distinct g as id from unnest(groups) g) w
   where m.table_id = w.id and p.module_id = m.id;

  with wanted as (select distinct g as id from unnest(groups) g),
  members as (
    select t.id as group_id, m.id, m.plant_id, m.status, m.published_status, m.geom_3857, true as on_table
      from wanted w
      join tables t on t.id = w.id and t.deleted_at is null
      join modules m on m.table_id = t.id and m.deleted_at is null
    union all
    select m.id, m.id, m.plant_id, m.status, m.published_status, m.geom_3857, false
      from wanted w
      join modules m on m.id = w.id and m.deleted_at is null
     where m.table_id is null
        or not exists (select 1 from tables t where t.id = m.table_id and t.deleted_at is null)
    union all
    select m.id, m.id, m.plant_id, m.status, m.published_status, m.geom_3857, false
      from wanted w
      join tables t on t.id = w.id and t.deleted_at is not null
      join modules m on m.table_id = t.id and m.deleted_at is null
     where m.id not in (select id from wanted)
  ),
  majority as (
    select group_id, mode() within group (order by status) as status
      from members where on_table group by group_id
  ),
  diverging as (
    select group_id from members group by group_id having bool_or(status <> published_status)
  ),
  published_members as (
    select m.* from members m join diverging using (group_id)
  ),
  published_majority as (
    select group_id, mode() within group (order by published_status) as status
      from published_members where on_table group by group_id
  ),
  office as (
    insert into tile_module_patches (group_id, plant_id, module_id, status, geom_3857)
    select t.id, t.plant_id, null, mj.status, t.geom_3857
      from majority mj join tables t on t.id = mj.group_id
    union all
    select m.group_id, m.plant_id, m.id, m.status, m.geom_3857
      from members m left join majority mj using (group_id)
     where mj.status is distinct from m.status
  )
  insert into tile_published_patches (group_id, plant_id, module_id, status, geom_3857)
  select t.id, t.plant_id, null, mj.status, t.geom_3857
    from published_majority mj join tables t on t.id = mj.group_id
  union all
  select m.group_id, m.plant_id, m.id, m.published_status, m.geom_3857
    from published_members m left join published_majority mj using (group_id)
   where mj.status is distinct from m.published_status
$$;

-- 010's and 025's triggers, counting both views.
create or replace function tile_modules_inserted() returns trigger
language plpgsql as $$
begin
  insert into tile_plant_counts as c (plant_id, status, modules, published)
  select plant_id, status, sum(o), sum(p) from (
    select plant_id, status, 1 as o, 0 as p from new_rows where deleted_at is null
    union all
    select plant_id, published_status, 0, 1 from new_rows where deleted_at is null
  ) x group by plant_id, status
  on conflict (plant_id, status) do update
    set modules = c.modules + excluded.modules, published = c.published + excluded.published;
  perform tile_refresh_patches(array(select distinct coalesce(table_id, id) from new_rows));
  return null;
end $$;

create or replace function tile_modules_updated() returns trigger
language plpgsql as $$
begin
  insert into tile_plant_counts as c (plant_id, status, modules, published)
  select plant_id, status, sum(o), sum(p) from (
    select plant_id, status, 1 as o, 0 as p from new_rows where deleted_at is null
    union all
    select plant_id, status, -1, 0 from old_rows where deleted_at is null
    union all
    select plant_id, published_status, 0, 1 from new_rows where deleted_at is null
    union all
    select plant_id, published_status, 0, -1 from old_rows where deleted_at is null
  ) x group by plant_id, status having sum(o) <> 0 or sum(p) <> 0
  on conflict (plant_id, status) do update
    set modules = c.modules + excluded.modules, published = c.published + excluded.published;
  -- Only what the tiles show: statuses, geometry, table and deletion.
  perform tile_refresh_patches(array(
    select distinct g
      from new_rows n join old_rows o using (id),
           lateral (values (coalesce(n.table_id, n.id)), (coalesce(o.table_id, o.id))) v (g)
     where n.status is distinct from o.status or n.published_status is distinct from o.published_status
        or n.table_id is distinct from o.table_id
        or n.deleted_at is distinct from o.deleted_at or n.geom::bytea is distinct from o.geom::bytea));
  return null;
end $$;

create or replace function tile_modules_deleted() returns trigger
language plpgsql as $$
begin
  insert into tile_plant_counts as c (plant_id, status, modules, published)
  select plant_id, status, sum(o), sum(p) from (
    select plant_id, status, -1 as o, 0 as p from old_rows where deleted_at is null
    union all
    select plant_id, published_status, 0, -1 from old_rows where deleted_at is null
  ) x group by plant_id, status
  on conflict (plant_id, status) do update
    set modules = c.modules + excluded.modules, published = c.published + excluded.published;
  perform tile_refresh_patches(array(select distinct coalesce(table_id, id) from old_rows));
  return null;
end $$;

-- Today's results: every module inspected by some audit is derived again (published
-- statuses, published patches), then the published counts.
select refresh_module_status(array(select distinct module_id from audit_modules));
update tile_plant_counts c
   set published = coalesce((select count(*) from modules m
                              where m.plant_id = c.plant_id and m.deleted_at is null and m.published_status = c.status), 0);
insert into tile_plant_counts (plant_id, status, modules, published)
select plant_id, published_status, 0, count(*) from modules m
 where deleted_at is null
   and not exists (select 1 from tile_plant_counts c where c.plant_id = m.plant_id and c.status = m.published_status)
 group by plant_id, published_status;

-- The audit a client's tile may be drawn for: a validated one; any other draws nothing.
create function tile_visible_audit(audit uuid, published boolean) returns uuid
language sql stable as $$
  select case
           when audit is null or not published then audit
           when exists (select 1 from audits a where a.id = audit and a.validated_at is not null and a.deleted_at is null) then audit
           else '00000000-0000-0000-0000-000000000000'::uuid
         end
$$;
