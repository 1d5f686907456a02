-- The audits of a plant ($1) that inspected modules, oldest first, with their modules per
-- status; $2: validated audits only (a client user, a share link).
select a.id, a.audit_type as "auditType", coalesce(a.finished_at, a.started_at, a.created_at) as at,
       a.validated_at is not null as validated,
       coalesce(sum(x.n), 0)::int as inspected,
       coalesce(jsonb_object_agg(x.status, x.n) filter (where x.status is not null), '{}') as "byStatus"
  from audits a
  left join lateral (
    select am.status, count(*)::int as n
      from audit_modules am where am.audit_id = a.id and am.deleted_at is null group by am.status
  ) x on true
 where a.plant_id = $1 and a.deleted_at is null
   and (not $2::boolean or a.validated_at is not null)
   and exists (select 1 from audit_modules am where am.audit_id = a.id and am.deleted_at is null)
 group by a.id
 order by coalesce(a.finished_at, a.started_at, a.created_at), a.id;
