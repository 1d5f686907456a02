-- Defects as a flat relation: id, plantId, clientId, geom, then the properties.
select l.id, l.plant_id as "plantId", p.client_id as "clientId", l.geom,
       l.audit_id as "auditId", a.audit_type as "auditType", l.target_kind as "targetKind",
       l.module_id as "moduleId", m.code as "moduleCode", l.target_id as "targetId",
       l.defect_type as "defectType", l.module_status as "moduleStatus", l.severity,
       l.iec_class::int as "iecClass", l.delta_t_c::float8 as "deltaTC", l.description,
       l.author_id as "authorId", l.observed_at as "observedAt", l.resolved_at as "resolvedAt",
       l.source, l.ai_confidence::float8 as "aiConfidence",
       (select count(*) from photos ph where ph.defect_id = l.id and ph.deleted_at is null)::int as "photoCount"
  from defects l
  join plants p on p.id = l.plant_id and p.deleted_at is null
  join audits a on a.id = l.audit_id and a.deleted_at is null
  left join modules m on m.id = l.module_id
 where l.deleted_at is null
