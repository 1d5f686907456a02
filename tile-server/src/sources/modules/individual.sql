-- High zooms, where a module is legible: every module, with what the map panel needs.
-- With ?audit=, the status is that audit's result (pending where it found none); for a
-- client, its published status (its result in the latest validated audit).
-- String and inverter come by key lookups per module (a tile holds a few thousand).
-- Each property costs ST_AsMVT about a microsecond per module (a dense z18 tile has 2,500):
-- only what the map uses is here — the table a module belongs to comes with its panel.
select tile_small_polygon(m.geom_3857, env.tile) as geom,
       m.id::text as id, m.code,
       case when env.audit is not null
              then coalesce((select am.status from audit_modules am
                              where am.audit_id = env.audit and am.module_id = m.id and am.deleted_at is null), 'pending')
            when $8 then m.published_status
            else m.status
       end as status,
       s.code as string, m.string_id::text as string_id, s.inverter as inverter, s.inverter_id::text as inverter_id,
       m.plant_id::text as plant_id
  from env
  join modules m on m.geom_3857 && env.area
  left join lateral (
    select s.code, s.inverter_id, (select i.code from inverters i where i.id = s.inverter_id) as inverter
      from strings s where s.id = m.string_id
  ) s on true
 where m.deleted_at is null and m.plant_id = any(env.plants)
