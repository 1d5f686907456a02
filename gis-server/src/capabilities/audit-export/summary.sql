-- What the first sheet says of audit $1: its plant and client, dates, and modules per status.
select p.name as plant, c.name as client, a.audit_type as "auditType", a.started_at as "startedAt",
       a.finished_at as "finishedAt", a.validated_at as "validatedAt",
       (select count(*)::int from modules m where m.plant_id = a.plant_id and m.deleted_at is null) as total,
       (select coalesce(jsonb_object_agg(status, n), '{}') from (
          select am.status, count(*)::int as n from audit_modules am
           where am.audit_id = a.id and am.deleted_at is null group by am.status) s) as "byStatus"
  from audits a join plants p on p.id = a.plant_id join clients c on c.id = p.client_id
 where a.id = $1
