-- Cheaper mid-zoom tiles (docs/tiles.md), found by the 2-million-module benchmark:
--   the table bases of z15–16 get a GiST index of their own, so those tiles stop reading
--   and discarding the modules drawn over the bases (every odd module of the tile);
--   a string's hull (its outline at z17–18) is stored with it instead of computed per tile.

create index tile_module_patches_bases_gix on tile_module_patches using gist (geom_3857) where module_id is null;

alter table strings
  add column hull_3857 geometry(Geometry, 3857) generated always as (st_convexhull(st_transform(geom, 3857))) stored;

-- A small polygon (a module, a table, a string) in the coordinates of a 4096-unit tile,
-- as ST_AsMVTGeom gives it, at a fraction of the cost: these polygons are valid and
-- small, so they need no repair (ST_AsMVTGeom runs every polygon through wagyu), only the
-- affine map, the integer grid and the ring order. MVT wants exterior rings with a
-- positive surveyor's area in tile coordinates, whose y axis points down: clockwise in
-- the map's y-up coordinates before the flip. Not clipped: a table or string reaching
-- beyond the tile keeps its few vertices there (MVT allows it; MapLibre clips at the tile
-- edge). Measured on a z18 tile of 2,478 modules: ST_AsMVT 97 ms with ST_AsMVTGeom, 44 ms
-- with this (machine under load).
create function tile_small_polygon(g geometry, tile geometry) returns geometry
language sql immutable parallel safe as $$
  select st_snaptogrid(
           st_affine(st_forcepolygoncw(g),
                     4096 / (st_xmax(tile) - st_xmin(tile)), 0, 0, -4096 / (st_ymax(tile) - st_ymin(tile)),
                     -st_xmin(tile) * 4096 / (st_xmax(tile) - st_xmin(tile)),
                     st_ymax(tile) * 4096 / (st_ymax(tile) - st_ymin(tile))),
           1)
$$;
