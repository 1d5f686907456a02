-- New modules of a plant from rings computed in its projected CRS ($2): one row per
-- array position. $1 plant, $3 table ids, $4 codes, $5 model ids, $6 rows, $7 columns,
-- $8 tilts, $9 azimuths, $10 heights, $11 footprints as WKT in the plant's CRS.
insert into modules (plant_id, table_id, code, model_id, row_index, column_index, tilt_deg, azimuth_deg, height_m, geom)
select $1, u.table_id, u.code, u.model_id, u.row_index, u.column_index, u.tilt, u.azimuth, u.height,
       st_transform(st_geomfromtext(u.wkt, $2), 4326)
  from unnest($3::uuid[], $4::text[], $5::uuid[], $6::int[], $7::int[], $8::numeric[], $9::numeric[], $10::numeric[], $11::text[])
         as u(table_id, code, model_id, row_index, column_index, tilt, azimuth, height, wkt)
returning id
