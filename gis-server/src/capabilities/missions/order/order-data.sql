-- Everything a mission order prints besides the mission itself. $1 mission id.
select c.name as "clientName", c.address as "clientAddress", c.postal_code as "clientPostalCode", c.city as "clientCity",
       c.phone as "clientPhone", c.email::text as "clientEmail",
       (select json_agg(json_build_object('name', ct.full_name, 'phone', ct.phone, 'email', ct.email::text) order by ct.is_primary desc, ct.full_name)
          from contacts ct where ct.client_id = c.id and ct.deleted_at is null) as contacts,
       (select json_agg(json_build_object('userId', u.id, 'name', u.full_name, 'role', mm.role, 'phone', u.phone, 'email', u.email::text)
                        order by mm.role, u.full_name)
          from mission_members mm join users u on u.id = mm.user_id
         where mm.mission_id = mi.id and mm.deleted_at is null) as team,
       (select json_agg(x order by x.count desc) from (
          select coalesce(mm.manufacturer || ' ' || mm.model, '?') as model, mm.power_wp::float8 as "powerWp", count(*)::int as count
            from modules m left join module_models mm on mm.id = m.model_id
           where m.plant_id = mi.plant_id and m.deleted_at is null
           group by 1, 2) x) as models,
       (select json_agg(json_build_object('code', z.code, 'name', z.name, 'geometry', st_asgeojson(z.geom, 7)::json) order by z.code collate natural_order)
          from zones z where z.id = any (mi.zone_ids) and z.deleted_at is null) as zones,
       (select json_agg(ct.name || ' (v' || ct.version || ')' order by ct.name)
          from checklist_templates ct where ct.id = any (mi.checklist_template_ids)) as checklists,
       (select json_agg(pl.name order by pl.name) from plans pl where pl.id = any (mi.plan_ids)) as plans,
       (select coalesce(max(version), 0) + 1 from mission_documents d where d.mission_id = mi.id) as "nextVersion"
  from missions mi
  join plants p on p.id = mi.plant_id
  join clients c on c.id = p.client_id
 where mi.id = $1
