-- Every change to layout or defect rows sends one NOTIFY per statement and plant on the
-- channel 'layout_changes', with the EPSG:4326 bounding box of the rows before and after
-- the change, so that a tile cache evicts exactly the tiles it touches:
--   {"table":"modules","op":"UPDATE","plant_id":"…","bbox":[xmin,ymin,xmax,ymax],"rows":12}
-- Attribute-only changes (a status, a code) notify too: they change how tiles look.
-- Trigger arguments: the geometry (a column, or an expression written in a migration,
-- never user input), then the plant id column.

create function notify_layout_change() returns trigger
language plpgsql as $$
declare
  geom_col text := tg_argv[0];
  plant_col text := tg_argv[1];
  changed text;
  rec record;
begin
  changed := case tg_op
    when 'INSERT' then format('select %1$I as plant_id, %2$s as g, true as counted from new_rows', plant_col, geom_col)
    when 'DELETE' then format('select %1$I as plant_id, %2$s as g, true as counted from old_rows', plant_col, geom_col)
    -- An update counts its rows once but evicts where they were and where they are.
    else format('select %1$I as plant_id, %2$s as g, true as counted from new_rows union all '
                'select %1$I, %2$s, false from old_rows', plant_col, geom_col)
  end;
  for rec in execute format(
    'select plant_id, st_extent(g) as box, count(*) filter (where counted) as n from (%s) c group by plant_id', changed)
  loop
    perform pg_notify('layout_changes', json_build_object(
      'table', tg_table_name,
      'op', tg_op,
      'plant_id', rec.plant_id,
      'bbox', case when rec.box is null then null
                   else json_build_array(st_xmin(rec.box), st_ymin(rec.box), st_xmax(rec.box), st_ymax(rec.box)) end,
      'rows', rec.n)::text);
  end loop;
  return null;
end $$;

create function enable_change_notify(tbl regclass, geom_col text, plant_col text) returns void
language plpgsql as $$
begin
  execute format('create trigger notify_change_ins after insert on %s referencing new table as new_rows '
                 'for each statement execute function notify_layout_change(%L, %L)', tbl, geom_col, plant_col);
  execute format('create trigger notify_change_upd after update on %s referencing old table as old_rows new table as new_rows '
                 'for each statement execute function notify_layout_change(%L, %L)', tbl, geom_col, plant_col);
  execute format('create trigger notify_change_del after delete on %s referencing old table as old_rows '
                 'for each statement execute function notify_layout_change(%L, %L)', tbl, geom_col, plant_col);
end $$;

select enable_change_notify('plants', 'coalesce(boundary::geometry, location::geometry)', 'id');
select enable_change_notify('zones', 'geom', 'plant_id');
select enable_change_notify('tables', 'geom', 'plant_id');
select enable_change_notify('modules', 'geom', 'plant_id');
select enable_change_notify('strings', 'geom', 'plant_id');
select enable_change_notify('inverters', 'geom', 'plant_id');
select enable_change_notify('junction_boxes', 'geom', 'plant_id');
select enable_change_notify('cables', 'geom', 'plant_id');
select enable_change_notify('defects', 'geom', 'plant_id');
select enable_change_notify('photos', 'geom', 'plant_id');
