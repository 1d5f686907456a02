-- The audited tables of one audit ($1) with their defect rate and, for the spatial
-- statistics, their neighbours: the other audited tables within $2 metres, edge to edge,
-- measured in the plant's projected CRS. Ordered by code: the neighbours are indexes
-- into this order. Candidates come from the tables' spatial index (a box of $2 metres
-- in degrees, 10 % wider than needed), then the exact distance: comparing every pair
-- took 46 s for the 5,209 tables of a 250,000-module plant (bench/RESULTS.md).
with t as (
  select tb.id, tb.code, st_transform(tb.geom, p.srid) as g, tb.geom, p.srid,
         count(*)::int as audited, count(*) filter (where am.status <> 'ok')::int as defective
    from audit_modules am
    join modules m on m.id = am.module_id and m.deleted_at is null
    join tables tb on tb.id = m.table_id and tb.deleted_at is null
    join plants p on p.id = tb.plant_id
   where am.audit_id = $1 and am.deleted_at is null
   group by tb.id, p.srid
), numbered as materialized (
  select *, (row_number() over (order by code, id) - 1)::int as ix from t
), near as (
  select a.ix, array_agg(b.ix order by b.ix) as neighbours
    from numbered a
    join tables nb on nb.deleted_at is null and nb.id <> a.id
     and nb.geom && st_expand(a.geom, $2 / (100000.0 * cos(radians(st_y(st_centroid(a.geom))))), $2 / 100000.0)
    join numbered b on b.id = nb.id
   where st_dwithin(a.g, b.g, $2)
   group by a.ix
)
select a.id, a.code, a.audited, a.defective, a.defective::float8 / a.audited as rate,
       st_asgeojson(a.geom, 7)::json as geometry, coalesce(n.neighbours, '{}') as neighbours
  from numbered a
  left join near n on n.ix = a.ix
 order by a.ix;
