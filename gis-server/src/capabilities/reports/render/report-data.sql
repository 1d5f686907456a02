-- What a report prints besides its statistics, for report $1: the plant and its client,
-- the audit and who made it, the mission's checklists, and the bounds of the whole plant
-- and of each inverter or zone (one map page each, as the report asks: map_pages), and the georeferenced plans drawn under the
-- maps when the report asks for them (oldest first: the newest on top, as on the plant map).
select r.id, r.title, r.language, r.sections, r.created_at as "createdAt", r.map_pages as "mapPages",
       json_build_object('name', c.name, 'address', c.address, 'postalCode', c.postal_code, 'city', c.city) as client,
       json_build_object('id', p.id, 'name', p.name, 'reference', p.reference, 'address', p.address, 'postalCode', p.postal_code,
         'city', p.city, 'peakKwp', p.peak_kwp::float8, 'commissioningDate', p.commissioning_date, 'timezone', p.timezone,
         'mounting', p.mounting, 'location', st_asgeojson(p.location, 7)::json, 'boundary', st_asgeojson(p.boundary, 7)::json) as plant,
       json_build_object('id', a.id, 'auditType', a.audit_type, 'startedAt', a.started_at, 'finishedAt', a.finished_at,
         'conditions', a.conditions, 'performedBy', u.full_name, 'validatedBy', v.full_name, 'missionReference', mi.reference) as audit,
       (select json_build_array(st_xmin(e), st_ymin(e), st_xmax(e), st_ymax(e))
          from (select st_extent(m.geom) as e from modules m where m.plant_id = p.id and m.deleted_at is null) x where e is not null) as bbox,
       (select coalesce(json_agg(json_build_object('id', g.id, 'code', g.code, 'name', g.name,
                                                   'bbox', json_build_array(st_xmin(g.e), st_ymin(g.e), st_xmax(g.e), st_ymax(g.e)))
                                  order by g.code collate natural_order), '[]')
          from (select inv.id, inv.code, null as name, st_extent(m.geom) as e
                  from inverters inv join strings s on s.inverter_id = inv.id and s.deleted_at is null
                  join modules m on m.string_id = s.id and m.deleted_at is null
                 where r.map_pages = 'inverter' and inv.plant_id = p.id and inv.deleted_at is null
                 group by inv.id
                union all
                select z.id, z.code, z.name, st_extent(m.geom)
                  from zones z join tables t on t.zone_id = z.id and t.deleted_at is null
                  join modules m on m.table_id = t.id and m.deleted_at is null
                 where r.map_pages = 'zone' and z.plant_id = p.id and z.deleted_at is null
                 group by z.id) g) as "detailPages",
       (select coalesce(json_agg(json_build_object('id', pn.id, 'opacity', pn.opacity) order by pn.created_at, pn.id), '[]')
          from plans pn where pn.plant_id = p.id and r.with_plans and pn.status = 'georeferenced' and pn.cog_path is not null) as plans,
       (select coalesce(json_agg(json_build_object('name', t.name, 'sections', t.sections, 'answers', cr.answers,
                                                   'validated', cr.validated_sections) order by t.name), '[]')
          from checklist_responses cr join checklist_templates t on t.id = cr.template_id
         where cr.mission_id = a.mission_id and cr.deleted_at is null) as checklists
  from reports r
  join audits a on a.id = r.audit_id
  join plants p on p.id = r.plant_id
  join clients c on c.id = p.client_id
  left join missions mi on mi.id = a.mission_id
  left join users u on u.id = a.performed_by
  left join users v on v.id = a.validated_by
 where r.id = $1 and r.deleted_at is null;
