-- What one audit ($1) found, in totals, and what its losses are priced with.
select a.id as "auditId", a.plant_id as "plantId", a.audit_type as "auditType",
       p.tariff_eur_per_kwh::float8 as tariff, p.specific_yield_kwh_per_kwp::float8 as "specificYield",
       (select jsonb_object_agg(status, n) from (
          select status, count(*)::int as n from audit_modules where audit_id = a.id and deleted_at is null group by status) s) as "byStatus",
       (select jsonb_object_agg(severity, n) from (
          select severity, count(*)::int as n from defects
           where audit_id = a.id and deleted_at is null and resolved_at is null group by severity) s) as "bySeverity",
       (select coalesce(jsonb_agg(jsonb_build_object('defectType', defect_type, 'count', n) order by n desc, defect_type), '[]') from (
          select defect_type, count(*)::int as n from defects
           where audit_id = a.id and deleted_at is null and resolved_at is null group by defect_type) s) as "byType"
  from audits a join plants p on p.id = a.plant_id
 where a.id = $1 and a.deleted_at is null;
