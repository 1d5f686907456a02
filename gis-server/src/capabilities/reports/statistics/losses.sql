-- Every module of one audit ($1) found with another status than ok, or with an open
-- defect, and what the loss model needs: its rated power, its status, and its finding
-- that weighs most (the defect whose status is the module's, most severe first, then the
-- highest IEC class, with the diagnostician's comment), with the codes of its string and
-- inverter; in the natural order of codes (S2 before S10).
select m.id, m.code, am.status, s.code as "stringCode", i.code as "inverterCode", tb.code as "tableCode",
       coalesce(mm.power_wp, 0)::float8 as "powerWp",
       d.defect_type as "defectType", d.iec_class as "iecClass", d.severity, d.id as "defectId", d.description
  from audit_modules am
  join modules m on m.id = am.module_id and m.deleted_at is null
  left join module_models mm on mm.id = m.model_id
  left join strings s on s.id = m.string_id
  left join inverters i on i.id = s.inverter_id
  left join tables tb on tb.id = m.table_id
  left join lateral (
    select d.defect_type, d.iec_class, d.severity, d.id, d.description
      from defects d
     where d.audit_id = am.audit_id and d.module_id = am.module_id and d.deleted_at is null and d.resolved_at is null
     order by (d.module_status = am.status) desc, array_position(array['urgent', 'warning', 'info'], d.severity),
              d.iec_class desc nulls last, d.observed_at
     limit 1) d on true
 where am.audit_id = $1 and am.deleted_at is null and (am.status <> 'ok' or d.defect_type is not null)
 order by m.code collate natural_order;
