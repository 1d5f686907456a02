-- A module's result in an audit is looked up by (audit, module) for every defect a
-- statement touches (refresh_audit_module_status, 008). With one index per column the
-- planner ANDed two bitmaps, the audit's holding every defect of the audit: importing
-- 100,000 defects of one audit took hours. One index on both columns answers each
-- lookup directly; it also serves the lookups by module alone.
create index defects_module_audit_idx on defects (module_id, audit_id);
drop index defects_module_idx;
