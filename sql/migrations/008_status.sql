-- A module's status is derived, never written by hand:
--   defects (open, not deleted, manual or validated AI) of one audit on one module
--     → audit_modules.status = the worst of their implied statuses, 'ok' when none;
--   audit_modules of a module → modules.status = its result in the most recent audit
--     that inspected it, 'pending' when none did.
-- Statement-level triggers with transition tables keep bulk imports to one pass.

create function refresh_audit_module_status(pairs jsonb) returns void
language sql as $$
  with keys as (
    select distinct (p ->> 'audit_id')::uuid as audit_id, (p ->> 'module_id')::uuid as module_id
      from jsonb_array_elements(pairs) p
  ),
  worst as (
    select k.audit_id, k.module_id, m.plant_id,
           (select d.module_status
              from defects d
             where d.audit_id = k.audit_id and d.module_id = k.module_id
               and d.deleted_at is null and d.resolved_at is null
               and (d.source = 'manual' or d.validated_at is not null)
             order by status_rank(d.module_status) desc
             limit 1) as status
      from keys k join modules m on m.id = k.module_id
  )
  insert into audit_modules as am (audit_id, module_id, plant_id, status)
  select audit_id, module_id, plant_id, coalesce(status, 'ok') from worst
  on conflict (audit_id, module_id) do update
     set status = excluded.status, deleted_at = null
   where am.status is distinct from excluded.status or am.deleted_at is not null
$$;

create function defects_changed() returns trigger
language plpgsql as $$
declare
  pairs jsonb;
begin
  if tg_op = 'INSERT' then
    select jsonb_agg(jsonb_build_object('audit_id', audit_id, 'module_id', module_id))
      into pairs from new_rows where module_id is not null;
  elsif tg_op = 'UPDATE' then
    select jsonb_agg(jsonb_build_object('audit_id', audit_id, 'module_id', module_id))
      into pairs from (
        select audit_id, module_id from new_rows where module_id is not null
        union
        select audit_id, module_id from old_rows where module_id is not null) c;
  else
    select jsonb_agg(jsonb_build_object('audit_id', audit_id, 'module_id', module_id))
      into pairs from old_rows where module_id is not null;
  end if;
  if pairs is not null then
    perform refresh_audit_module_status(pairs);
  end if;
  return null;
end $$;

create trigger defects_changed_ins after insert on defects
  referencing new table as new_rows for each statement execute function defects_changed();
create trigger defects_changed_upd after update on defects
  referencing old table as old_rows new table as new_rows for each statement execute function defects_changed();
create trigger defects_changed_del after delete on defects
  referencing old table as old_rows for each statement execute function defects_changed();

create function refresh_module_status(module_ids uuid[]) returns void
language sql as $$
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
   where m.id = s.id and m.status is distinct from s.status
$$;

create function audit_modules_changed() returns trigger
language plpgsql as $$
declare
  ids uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct module_id) into ids from new_rows;
  elsif tg_op = 'UPDATE' then
    select array_agg(distinct module_id) into ids
      from (select module_id from new_rows union select module_id from old_rows) c;
  else
    select array_agg(distinct module_id) into ids from old_rows;
  end if;
  if ids is not null then
    perform refresh_module_status(ids);
  end if;
  return null;
end $$;

create trigger audit_modules_changed_ins after insert on audit_modules
  referencing new table as new_rows for each statement execute function audit_modules_changed();
create trigger audit_modules_changed_upd after update on audit_modules
  referencing old table as old_rows new table as new_rows for each statement execute function audit_modules_changed();
create trigger audit_modules_changed_del after delete on audit_modules
  referencing old table as old_rows for each statement execute function audit_modules_changed();

-- An audit deleted, undeleted or re-dated changes which result is the latest.
create function audits_changed() returns trigger
language plpgsql as $$
begin
  perform refresh_module_status(array(
    select distinct am.module_id from audit_modules am
     where am.audit_id in (
       select n.id from new_rows n join old_rows o on o.id = n.id
        where n.deleted_at is distinct from o.deleted_at
           or n.started_at is distinct from o.started_at
           or n.created_at is distinct from o.created_at)));
  return null;
end $$;

create trigger audits_changed_upd after update on audits
  referencing old table as old_rows new table as new_rows for each statement execute function audits_changed();
