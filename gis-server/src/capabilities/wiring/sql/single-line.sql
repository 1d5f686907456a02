-- What a single-line diagram draws for one inverter ($1) of a plant ($2): one row per
-- string connected to it (MPPT input, junction box, module count and model), plus the
-- inputs without strings (string columns null).
select mi.id as input_id, mi.input_index, mi.max_strings, mi.max_voltage_v::float8 as max_v, mi.max_current_a::float8 as max_a,
       s.id as string_id, s.code as string_code, jb.id as box_id, jb.code as box_code,
       (select count(*) from modules m where m.string_id = s.id and m.deleted_at is null)::int as modules,
       (select string_agg(distinct mm.model, ' + ') from modules m join module_models mm on mm.id = m.model_id
         where m.string_id = s.id and m.deleted_at is null) as model,
       (select max(mm.voc_v)::float8 from modules m join module_models mm on mm.id = m.model_id
         where m.string_id = s.id and m.deleted_at is null) as voc,
       (select max(mm.isc_a)::float8 from modules m join module_models mm on mm.id = m.model_id
         where m.string_id = s.id and m.deleted_at is null) as isc,
       (select sum(mm.power_wp)::float8 from modules m join module_models mm on mm.id = m.model_id
         where m.string_id = s.id and m.deleted_at is null) as wp
  from (select id, input_index, max_strings, max_voltage_v, max_current_a
          from mppt_inputs where inverter_id = $1::uuid and deleted_at is null
        -- Strings on the inverter but on no input.
        union all select null::uuid, null::smallint, null::smallint, null::numeric, null::numeric) mi
  left join strings s on s.plant_id = $2::uuid and s.deleted_at is null and s.inverter_id = $1::uuid
                     and s.mppt_input_id is not distinct from mi.id
  left join junction_boxes jb on jb.id = s.junction_box_id and jb.deleted_at is null
 where mi.id is not null or s.id is not null
 order by mi.input_index nulls last, jb.code nulls first, s.code collate natural_order
