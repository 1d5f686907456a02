-- Wiring checks of a plant ($1; $2 its projected CRS; $3 the distance in metres beyond
-- which two consecutive modules of a string are "far apart"). One row per finding:
-- code, severity, the message parameters (jsonb) and the ids concerned.
with s as (
  select s.id, s.code, s.mppt_input_id, s.inverter_id from strings s where s.plant_id = $1 and s.deleted_at is null
),
sm as (
  select s.id, s.code, s.mppt_input_id, count(m.id)::int as n, max(mm.voc_v)::float8 as voc, max(mm.isc_a)::float8 as isc,
         count(distinct m.model_id)::int as models,
         array_agg(m.position_in_string order by m.position_in_string) filter (where m.id is not null) as positions
    from s left join modules m on m.string_id = s.id and m.deleted_at is null
    left join module_models mm on mm.id = m.model_id
   group by s.id, s.code, s.mppt_input_id
),
inputs as (
  select mi.id, mi.input_index, mi.max_strings, mi.max_voltage_v::float8 as max_v, mi.max_current_a::float8 as max_a, v.code as inverter
    from mppt_inputs mi join inverters v on v.id = mi.inverter_id and v.deleted_at is null
   where mi.plant_id = $1 and mi.deleted_at is null
),
steps as (
  select m.string_id, max(st_distance(st_transform(st_centroid(m.geom), $2::int), st_transform(st_centroid(p.geom), $2::int))) as d
    from modules m
    join modules p on p.string_id = m.string_id and p.position_in_string = m.position_in_string - 1 and p.deleted_at is null
   where m.plant_id = $1 and m.deleted_at is null and m.string_id is not null
   group by m.string_id
)
select 'string_voltage' as code, 'urgent' as severity,
       jsonb_build_object('string', sm.code, 'count', sm.n, 'voc', sm.voc, 'voltage', round((sm.n * sm.voc)::numeric, 1),
                          'max', i.max_v, 'input', i.input_index, 'inverter', i.inverter) as params,
       array[sm.id, i.id] as ids
  from sm join inputs i on i.id = sm.mppt_input_id
 where i.max_v is not null and sm.voc is not null and sm.n * sm.voc > i.max_v
union all
select 'string_current', 'warning',
       jsonb_build_object('input', i.input_index, 'inverter', i.inverter, 'strings', count(*), 'isc', max(sm.isc),
                          'current', round((count(*) * max(sm.isc))::numeric, 2), 'max', i.max_a),
       array[i.id]
  from sm join inputs i on i.id = sm.mppt_input_id
 where i.max_a is not null and sm.isc is not null
 group by i.id, i.input_index, i.inverter, i.max_a
having count(*) * max(sm.isc) > i.max_a
union all
select 'mppt_overfilled', 'urgent',
       jsonb_build_object('input', i.input_index, 'inverter', i.inverter, 'count', count(*), 'max', i.max_strings),
       array[i.id] || array_agg(sm.id order by sm.code)
  from sm join inputs i on i.id = sm.mppt_input_id
 where i.max_strings is not null
 group by i.id, i.input_index, i.inverter, i.max_strings
having count(*) > i.max_strings
union all
select 'mppt_unequal_strings', 'warning',
       jsonb_build_object('input', i.input_index, 'inverter', i.inverter, 'lengths', string_agg(distinct sm.n::text, ', ')),
       array[i.id] || array_agg(sm.id order by sm.code)
  from sm join inputs i on i.id = sm.mppt_input_id
 group by i.id, i.input_index, i.inverter
having count(distinct sm.n) > 1
union all
select 'string_unassigned', 'warning', jsonb_build_object('string', sm.code), array[sm.id]
  from sm where sm.mppt_input_id is null and sm.n > 0
union all
select 'string_empty', 'info', jsonb_build_object('string', sm.code), array[sm.id]
  from sm where sm.n = 0
union all
select 'string_gaps', 'warning',
       jsonb_build_object('string', sm.code, 'count', sm.n,
                          'positions', array_to_string(coalesce(sm.positions, '{}'), ', ', '?')),
       array[sm.id]
  from sm where sm.n > 0 and sm.positions is distinct from array(select generate_series(1, sm.n))
union all
select 'string_mixed_models', 'warning', jsonb_build_object('string', sm.code, 'count', sm.models), array[sm.id]
  from sm where sm.models > 1
union all
select 'string_far', 'warning', jsonb_build_object('string', sm.code, 'distance', round(st.d::numeric, 0)), array[sm.id]
  from sm join steps st on st.string_id = sm.id where st.d > $3
union all
select 'modules_without_string', 'info', jsonb_build_object('count', count(*)), (array_agg(m.id order by m.code))[1:1000]
  from modules m where m.plant_id = $1 and m.deleted_at is null and m.string_id is null
having count(*) > 0
