-- The dashboard's figures, over the plants the caller may see.
-- $1: the caller's client scope (null for staff), $2: one client id or null. A client sees
-- validated audits only, and the modules in their published status (092_published_status).
with p as (
  select id, peak_kwp from plants
   where deleted_at is null
     and ($1::uuid is null or client_id = $1)
     and ($2::uuid is null or client_id = $2)
),
a as (
  select a.id, a.audit_type, a.status from audits a
   where a.plant_id in (select id from p) and a.deleted_at is null
     and ($1::uuid is null or a.validated_at is not null)
),
d as (
  select d.module_status, d.severity, d.defect_type from defects d
   where d.plant_id in (select id from p) and d.audit_id in (select id from a)
     and d.deleted_at is null and d.resolved_at is null
     and (d.source = 'manual' or d.validated_at is not null)
)
select
  (select count(*) from clients c where c.deleted_at is null
      and ($1::uuid is null or c.id = $1) and ($2::uuid is null or c.id = $2))::int as clients,
  (select count(*) from p)::int as plants,
  (select coalesce(sum(peak_kwp), 0) from p)::float8 as "peakKwp",
  (select coalesce(json_object_agg(status, n), '{}') from (
     select case when $1::uuid is null then m.status else m.published_status end as status, count(*)::int as n
       from modules m
      where m.plant_id in (select id from p) and m.deleted_at is null group by 1) s) as "modulesByStatus",
  (select count(distinct am.module_id) from audit_modules am
    where am.audit_id in (select id from a) and am.deleted_at is null)::int as "modulesAudited",
  (select count(*) from a)::int as "auditsTotal",
  (select count(*) from a where status = 'done')::int as "auditsDone",
  (select coalesce(json_agg(json_build_object('auditType', audit_type, 'count', n) order by n desc, audit_type), '[]')
     from (select audit_type, count(*)::int as n from a group by audit_type) t) as "auditsByType",
  (select count(*) from d)::int as "defectsOpen",
  (select coalesce(json_object_agg(module_status, n), '{}') from (
     select module_status, count(*)::int as n from d group by module_status) s) as "defectsByStatus",
  (select coalesce(json_object_agg(severity, n), '{}') from (
     select severity, count(*)::int as n from d group by severity) s) as "defectsBySeverity",
  (select coalesce(json_agg(json_build_object('defectType', defect_type, 'count', n) order by n desc, defect_type), '[]')
     from (select defect_type, count(*)::int as n from d group by defect_type) t) as "defectsByType"
