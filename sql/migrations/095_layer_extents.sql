-- The extent of each layer on each plant, kept by the writes themselves (issue 21).
-- QGIS and GDAL ask for WFS capabilities at every connection, and capabilities give each
-- layer's bounding box; computing them from the layers' relations took 3 s on a plant of
-- 250,000 modules the first time a scope asked (then remembered). Here each insert or update
-- statement grows its plants' boxes by the extent of the rows it wrote (EPSG:4326), so the
-- capabilities read a few rows. A box never shrinks when rows are deleted or moved away: it
-- stays a box around the features, larger than they need (clients zoom to it, nothing more).
-- A deleted plant's boxes stay; readers join plants and leave it out. Writes inside a box
-- take no lock on it; a write that grows it locks its row until the transaction ends.
create table layer_extents (
  plant_id uuid not null,
  -- The table, which is the layer (gis-server/src/layers/catalog.ts: name = table).
  layer text not null,
  west float8 not null,
  south float8 not null,
  east float8 not null,
  north float8 not null,
  primary key (plant_id, layer)
);

-- Trigger arguments: the geometry column, then the plant id column.
create function keep_layer_extent() returns trigger
language plpgsql as $$
begin
  execute format(
    'insert into layer_extents as e (plant_id, layer, west, south, east, north)
     select plant_id, %1$L, st_xmin(b), st_ymin(b), st_xmax(b), st_ymax(b)
       from (select %2$I as plant_id, st_extent(%3$I) as b from new_rows
              where %3$I is not null and deleted_at is null group by %2$I) w
      where b is not null
        -- A box already holding the rows is left alone, not even locked: ON CONFLICT DO
        -- UPDATE locks the row it meets until the transaction ends, and every writer of the
        -- layer on that plant would wait for it (a sync push waited for a long transaction).
        -- Boxes only grow, so one read before this statement holding them holds them still.
        and not exists (select 1 from layer_extents x
                         where x.plant_id = w.plant_id and x.layer = %1$L
                           and x.west <= st_xmin(b) and x.south <= st_ymin(b)
                           and x.east >= st_xmax(b) and x.north >= st_ymax(b))
     on conflict (plant_id, layer) do update
        set west = least(e.west, excluded.west), south = least(e.south, excluded.south),
            east = greatest(e.east, excluded.east), north = greatest(e.north, excluded.north)
      where excluded.west < e.west or excluded.south < e.south or excluded.east > e.east or excluded.north > e.north',
    tg_table_name, tg_argv[1], tg_argv[0]);
  return null;
end $$;

create function enable_layer_extent(tbl regclass, geom_col text, plant_col text) returns void
language plpgsql as $$
begin
  execute format('create trigger layer_extent_ins after insert on %s referencing new table as new_rows '
                 'for each statement execute function keep_layer_extent(%L, %L)', tbl, geom_col, plant_col);
  execute format('create trigger layer_extent_upd after update on %s referencing new table as new_rows '
                 'for each statement execute function keep_layer_extent(%L, %L)', tbl, geom_col, plant_col);
  execute format(
    'insert into layer_extents (plant_id, layer, west, south, east, north)
     select plant_id, %1$L, st_xmin(b), st_ymin(b), st_xmax(b), st_ymax(b)
       from (select %3$I as plant_id, st_extent(%2$I) as b from %1$I
              where %2$I is not null and deleted_at is null group by %3$I) w
      where b is not null', tbl, geom_col, plant_col);
end $$;

select enable_layer_extent('plants', 'boundary', 'id');
select enable_layer_extent('zones', 'geom', 'plant_id');
select enable_layer_extent('tables', 'geom', 'plant_id');
select enable_layer_extent('modules', 'geom', 'plant_id');
select enable_layer_extent('strings', 'geom', 'plant_id');
select enable_layer_extent('inverters', 'geom', 'plant_id');
select enable_layer_extent('junction_boxes', 'geom', 'plant_id');
select enable_layer_extent('cables', 'geom', 'plant_id');
select enable_layer_extent('defects', 'geom', 'plant_id');
select enable_layer_extent('photos', 'geom', 'plant_id');
