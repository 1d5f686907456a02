-- Mission $1's progress as one JSON document (issue 17, MissionProgress in core): the team's,
-- each live work zone's and each member's. A module is done when it has a result in every
-- module-by-module audit of the mission; it belongs to a zone when its centre lies in it
-- (the modules' index finds the candidates, the centre decides). Open defects only.
with mission as materialized (select id, plant_id from missions where id = $1),
counted as materialized (
  select a.id, a.audit_type from audits a
   where a.mission_id = $1 and a.deleted_at is null and a.audit_type in ('el', 'thermography', 'visual', 'drone')
),
n as (select count(*)::int as n from counted),
results as materialized (
  select am.module_id, count(distinct am.audit_id)::int as audits
    from audit_modules am join counted a on a.id = am.audit_id
   where am.deleted_at is null
   group by am.module_id
),
done as materialized (select module_id from results, n where n.n > 0 and results.audits >= n.n),
zones as materialized (
  select z.id, z.name, z.assignee_ids, z.geom from mission_zones z where z.mission_id = $1 and z.deleted_at is null
),
zone_modules as materialized (
  select z.id as zone_id, m.id as module_id
    from zones z join modules m on m.plant_id = (select plant_id from mission) and m.deleted_at is null
     and st_intersects(m.geom, z.geom) and st_intersects(z.geom, st_centroid(m.geom))
),
open_defects as materialized (
  select d.id, d.module_id, d.severity, d.author_id, d.geom
    from defects d join audits a on a.id = d.audit_id
   where a.mission_id = $1 and a.deleted_at is null and d.deleted_at is null and d.resolved_at is null
),
severities as (select unnest(array['info', 'warning', 'urgent']) as severity),
zone_defects as (
  select z.id as zone_id, d.severity
    from zones z join open_defects d
      on (d.module_id is not null and exists (select 1 from zone_modules zm where zm.zone_id = z.id and zm.module_id = d.module_id))
      or (d.module_id is null and st_intersects(z.geom, d.geom))
),
plant_modules as (
  select count(*)::int as modules from modules where plant_id = (select plant_id from mission) and deleted_at is null
),
members as (
  select mm.user_id, mm.role, u.full_name from mission_members mm join users u on u.id = mm.user_id
   where mm.mission_id = $1 and mm.deleted_at is null
)
select json_build_object(
  'audits', coalesce((select json_agg(json_build_object('id', id, 'auditType', audit_type) order by audit_type) from counted), '[]'),
  'team', json_build_object(
    'modules', (select modules from plant_modules),
    'done', (select count(*)::int from done),
    'defects', (select json_object_agg(s.severity, (select count(*) from open_defects d where d.severity = s.severity)) from severities s)),
  'zones', coalesce((
    select json_agg(json_build_object(
             'id', z.id, 'name', z.name,
             'assignees', coalesce((select json_agg(json_build_object('userId', u.id, 'name', u.full_name) order by u.full_name)
                                      from users u where u.id = any(z.assignee_ids)), '[]'),
             'bbox', json_build_array(st_xmin(z.geom), st_ymin(z.geom), st_xmax(z.geom), st_ymax(z.geom)),
             'geometry', st_asgeojson(z.geom, 9)::json,
             'modules', (select count(*)::int from zone_modules zm where zm.zone_id = z.id),
             'done', (select count(*)::int from zone_modules zm join done using (module_id) where zm.zone_id = z.id),
             'defects', (select json_object_agg(s.severity, (select count(*) from zone_defects zd where zd.zone_id = z.id and zd.severity = s.severity))
                           from severities s))
           order by z.name collate natural_order, z.id)
      from zones z), '[]'),
  'outside', json_build_object(
    'modules', (select modules from plant_modules) - (select count(distinct module_id)::int from zone_modules),
    'done', (select count(*)::int from done where module_id not in (select module_id from zone_modules))),
  'people', coalesce((
    select json_agg(json_build_object(
             'userId', m.user_id, 'name', m.full_name, 'role', m.role,
             'results', (select count(*)::int from audit_modules am join counted a on a.id = am.audit_id
                          where am.deleted_at is null and am.inspected_by = m.user_id),
             'defects', (select count(*)::int from open_defects d where d.author_id = m.user_id),
             'zones', coalesce((select json_agg(z.id order by z.name collate natural_order) from zones z where m.user_id = any(z.assignee_ids)), '[]'))
           order by m.full_name)
      from members m), '[]')
) as progress
