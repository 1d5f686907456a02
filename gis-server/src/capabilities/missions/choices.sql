-- What a mission form offers for plant $1: its areas (zones), the checklist templates
-- (of every plant: the latest version of each name) and its plans.
select
  coalesce((select json_agg(json_build_object('id', z.id, 'code', z.code, 'name', z.name) order by z.code collate natural_order)
              from zones z where z.plant_id = $1 and z.deleted_at is null), '[]') as zones,
  coalesce((select json_agg(json_build_object('id', t.id, 'name', t.name, 'version', t.version, 'auditTypes', t.audit_types)
                            order by t.name)
              from (select distinct on (lower(name)) id, name, version, audit_types
                      from checklist_templates where deleted_at is null
                     order by lower(name), version desc) t), '[]') as "checklistTemplates",
  coalesce((select json_agg(json_build_object('id', pl.id, 'name', pl.name, 'status', pl.status) order by pl.name)
              from plans pl where pl.plant_id = $1), '[]') as plans
