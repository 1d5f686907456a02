-- The plant generator: a whole layout in a handful of set-based statements, so that
-- 2 million modules take minutes, not hours. Installed on demand (schema `fixtures`);
-- the application never calls it.
--
-- Layout, in the plant's projected CRS (metres), before rotation to the azimuth:
--   modules portrait, width w along the row, footprint depth h·cos(tilt) up the slope
--   (what an orthophoto shows of a tilted module), `gap` between modules;
--   a table = rows_per_table × columns_per_table modules;
--   tables side by side along x (table_gap), rows of tables every row_pitch along y,
--   grouped in blocks of tables_per_block tables with roads between blocks; one zone
--   per block;
--   modules are numbered table by table, row by row, column by column; strings take
--   consecutive modules (string_length, or the explicit string_lengths), code
--   S{string}-M{position}; strings_per_box strings per junction box, one box per MPPT
--   input, boxes_per_inverter inputs per inverter; cables string → box → inverter →
--   substation.

create schema if not exists fixtures;

-- A local geometry placed on the map: rotated about the origin to face `azimuth`
-- (layouts are drawn facing south, 180°), then reprojected to EPSG:4326.
create or replace function fixtures.place(g geometry, x0 float8, y0 float8, azimuth float8, srid int)
returns geometry language sql immutable as $$
  select st_transform(st_setsrid(st_rotate(g, radians(180 - azimuth), x0, y0), srid), 4326)
$$;

create or replace function fixtures.generate_layout(p_plant uuid, spec jsonb) returns jsonb
language plpgsql as $$
declare
  v_srid int := (select srid from plants where id = p_plant);
  n int := (spec ->> 'modules')::int;
  w float8 := (spec ->> 'module_width_m')::float8;
  h float8 := (spec ->> 'module_height_m')::float8;
  tilt float8 := coalesce((spec ->> 'tilt_deg')::float8, 25);
  az float8 := coalesce((spec ->> 'azimuth_deg')::float8, 180);
  base_height float8 := coalesce((spec ->> 'base_height_m')::float8, 0.8);
  rows_t int := coalesce((spec ->> 'rows_per_table')::int, 2);
  cols_t int := coalesce((spec ->> 'columns_per_table')::int, 24);
  gap float8 := coalesce((spec ->> 'gap_m')::float8, 0.02);
  pitch float8 := coalesce((spec ->> 'row_pitch_m')::float8, 9.0);
  table_gap float8 := coalesce((spec ->> 'table_gap_m')::float8, 1.0);
  block_x int := coalesce((spec -> 'tables_per_block' ->> 0)::int, 8);
  block_y int := coalesce((spec -> 'tables_per_block' ->> 1)::int, 10);
  road float8 := coalesce((spec ->> 'road_m')::float8, 6.0);
  string_len int := coalesce((spec ->> 'string_length')::int, 24);
  per_box int := coalesce((spec ->> 'strings_per_box')::int, 6);
  per_inverter int := coalesce((spec ->> 'boxes_per_inverter')::int, 3);
  inverter_kw float8 := (spec ->> 'inverter_kw')::float8;
  model uuid := (spec ->> 'model_id')::uuid;
  x0 float8 := (spec -> 'origin' ->> 0)::float8;
  y0 float8 := (spec -> 'origin' ->> 1)::float8;
  depth float8 := h * cos(radians(tilt));
  per_table int := rows_t * cols_t;
  n_tables int := ceil(n::numeric / per_table)::int;
  table_w float8 := cols_t * w + (cols_t - 1) * gap;
  grid_w int;
  n_strings int;
  counts jsonb;
begin
  if v_srid is null then raise exception 'plant % does not exist', p_plant; end if;
  if n is null or n < 1 then raise exception 'spec.modules must be a positive number'; end if;
  -- Tables per grid row: given, or what makes the field roughly square.
  grid_w := coalesce((spec ->> 'tables_per_row')::int,
                     greatest(1, round(sqrt(n_tables * pitch / (table_w + table_gap)))::int));

  create temp table fx_tables as
    select t, gen_random_uuid() as id, tx / block_x as bx, ty / block_y as by,
           x0 + tx * (table_w + table_gap) + (tx / block_x) * road as x,
           y0 + ty * pitch + (ty / block_y) * road as y
      from (select t, t % grid_w as tx, t / grid_w as ty from generate_series(0, n_tables - 1) t) g;

  create temp table fx_blocks as
    select bx, by, gen_random_uuid() as id, row_number() over (order by by, bx) as rn
      from (select distinct bx, by from fx_tables) d;

  -- Strings: consecutive runs of modules, of the given lengths or of string_length.
  create temp table fx_strings as
    select s, gen_random_uuid() as id, first_k, len, s / per_box as b
      from (
        select (ord - 1)::int as s, (sum(len::int) over (order by ord) - len::int)::int as first_k, len::int as len
          from jsonb_array_elements_text(coalesce(spec -> 'string_lengths', '[]'::jsonb)) with ordinality as e(len, ord)
        union all
        select s, s * string_len, least(string_len, n - s * string_len)
          from generate_series(0, ceil(n::numeric / string_len)::int - 1) s
         where not spec ? 'string_lengths'
      ) x;
  n_strings := (select count(*) from fx_strings);
  if (select sum(len) from fx_strings) <> n then
    raise exception 'string_lengths add up to %, not % modules', (select sum(len) from fx_strings), n;
  end if;

  -- Which string each module is in, as an equality join (a range join over 2 million
  -- modules would be quadratic).
  create temp table fx_module_strings as
    select s.first_k + i as k, s.s, s.id, i + 1 as position
      from fx_strings s, generate_series(0, s.len - 1) i;
  create index on fx_module_strings (k);
  analyze fx_tables;
  analyze fx_strings;
  analyze fx_module_strings;

  create temp table fx_boxes as
    select b, gen_random_uuid() as id, b / per_inverter as i, b % per_inverter + 1 as input
      from generate_series(0, (n_strings - 1) / per_box) b;
  create temp table fx_inverters as
    select i, gen_random_uuid() as id from generate_series(0, (select max(i) from fx_boxes)) i;

  insert into zones (id, plant_id, code, name) select id, p_plant, 'Z' || rn, 'Bloc ' || rn from fx_blocks;

  insert into tables (id, plant_id, zone_id, code, tilt_deg, azimuth_deg, height_m, row_count, column_count, orientation, geom)
    select t.id, p_plant, z.id, 'T' || (t.t + 1), tilt, az, base_height, rows_t, cols_t, 'portrait',
           fixtures.place(st_makeenvelope(t.x, t.y, t.x + table_w, t.y + rows_t * depth + (rows_t - 1) * gap),
                          x0, y0, az, v_srid)
      from fx_tables t join fx_blocks z on z.bx = t.bx and z.by = t.by;

  insert into inverters (id, plant_id, code, manufacturer, model, rated_power_kw)
    select id, p_plant, 'INV' || (i + 1), 'Huawei', 'SUN2000-215KTL-H3', inverter_kw from fx_inverters;
  insert into mppt_inputs (plant_id, inverter_id, input_index, max_strings)
    select p_plant, v.id, k, per_box from fx_inverters v, generate_series(1, per_inverter) k;
  insert into junction_boxes (id, plant_id, inverter_id, mppt_input_id, code, input_count)
    select b.id, p_plant, v.id, mi.id, 'JB' || (b.b + 1), per_box
      from fx_boxes b join fx_inverters v on v.i = b.i
      join mppt_inputs mi on mi.inverter_id = v.id and mi.input_index = b.input;
  insert into strings (id, plant_id, code, inverter_id, mppt_input_id, junction_box_id)
    select s.id, p_plant, 'S' || (s.s + 1), jb.inverter_id, jb.mppt_input_id, jb.id
      from fx_strings s join fx_boxes b on b.b = s.b join junction_boxes jb on jb.id = b.id;

  -- The modules, in one statement, spatially ordered (table by table).
  insert into modules (plant_id, table_id, string_id, position_in_string, code, model_id, row_index, column_index,
                       tilt_deg, azimuth_deg, height_m, geom)
    select p_plant, t.id, s.id, s.position, 'S' || (s.s + 1) || '-M' || s.position, model,
           m.r + 1, m.c + 1, tilt, az, round((base_height + m.r * (h * sin(radians(tilt)) + gap))::numeric, 2),
           fixtures.place(st_makeenvelope(t.x + m.c * (w + gap), t.y + m.r * (depth + gap),
                                          t.x + m.c * (w + gap) + w, t.y + m.r * (depth + gap) + depth),
                          x0, y0, az, v_srid)
      from (select k, k / per_table as t, (k % per_table) / cols_t as r, k % cols_t as c
              from generate_series(0, n - 1) k) m
      join fx_tables t on t.t = m.t
      join fx_module_strings s on s.k = m.k
     order by m.k;

  -- Outlines and positions derived from the modules.
  update strings st set geom = g.geom
    from (select string_id, st_multi(st_collect(geom)) as geom from modules where plant_id = p_plant group by string_id) g
   where st.id = g.string_id;
  update zones z set geom = g.geom
    from (select zone_id, st_multi(st_transform(st_buffer(st_convexhull(st_collect(st_transform(geom, v_srid))), 2, 'join=mitre'), 4326)) as geom
            from tables where plant_id = p_plant group by zone_id) g
   where z.id = g.zone_id;
  -- Boxes and inverters stand in the aisle in front of (south of) their first table.
  update junction_boxes jb set geom = fixtures.place(st_makepoint(p.x, p.y), x0, y0, az, v_srid)
    from (select b.id, avg(t.x) + table_w / 2 as x, min(t.y) - 0.8 as y
            from fx_boxes b join fx_strings s on s.b = b.b
            join fx_tables t on t.t = s.first_k / per_table
           group by b.id) p
   where jb.id = p.id;
  update inverters v set geom = fixtures.place(st_makepoint(p.x, p.y), x0, y0, az, v_srid)
    from (select b.i, avg(t.x) + table_w / 2 + 2 as x, min(t.y) - 1.6 as y
            from fx_boxes b join fx_strings s on s.b = b.b
            join fx_tables t on t.t = s.first_k / per_table
           group by b.i) p join fx_inverters fi on fi.i = p.i
   where v.id = fi.id;

  insert into cables (plant_id, code, kind, from_kind, from_id, to_kind, to_id, cross_section_mm2, conductor, geom)
    select p_plant, 'C-' || st.code, 'dc_string', 'string', st.id, 'junction_box', jb.id, 6, 'cu',
           st_makeline(st_centroid(m.geom), jb.geom)
      from strings st
      join junction_boxes jb on jb.id = st.junction_box_id
      join modules m on m.string_id = st.id and m.position_in_string = 1
     where st.plant_id = p_plant;
  insert into cables (plant_id, code, kind, from_kind, from_id, to_kind, to_id, cross_section_mm2, conductor, geom)
    select p_plant, 'C-' || jb.code, 'dc_main', 'junction_box', jb.id, 'inverter', v.id, 70, 'al', st_makeline(jb.geom, v.geom)
      from junction_boxes jb join inverters v on v.id = jb.inverter_id
     where jb.plant_id = p_plant and not st_equals(jb.geom, v.geom);
  insert into cables (plant_id, code, kind, from_kind, to_kind, to_id, cross_section_mm2, conductor, geom)
    select p_plant, 'C-' || v.code, 'ac', 'inverter', 'transformer', null, 150, 'al',
           st_makeline(v.geom, fixtures.place(st_makepoint(x0 - 10, y0 - 10), x0, y0, az, v_srid))
      from inverters v where v.plant_id = p_plant;

  select jsonb_build_object(
    'modules', n, 'tables', n_tables, 'strings', n_strings,
    'junction_boxes', (select count(*) from fx_boxes), 'inverters', (select count(*) from fx_inverters),
    'zones', (select count(*) from fx_blocks))
    into counts;
  drop table fx_tables, fx_blocks, fx_strings, fx_module_strings, fx_boxes, fx_inverters;
  return counts;
end $$;
