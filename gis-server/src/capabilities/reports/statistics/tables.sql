-- The audited tables of one audit ($1) with their defect rate and, for the spatial
-- statistics, their neighbours: the other audited tables within $2 metres, edge to edge,
-- measured in the plant's projected CRS. Ordered by code: the neighbours are indexes
-- into this order.
with t as (
  select tb.id, tb.code, st_transform(tb.geom, p.srid) as g, tb.geom,
         count(*)::int as audited, count(*) filter (where am.status <> 'ok')::int as defective
    from audit_modules am
    join modules m on m.id = am.module_id and m.deleted_at is null
    join tables tb on tb.id = m.table_id and tb.deleted_at is null
    join plants p on p.id = tb.plant_id
   where am.audit_id = $1 and am.deleted_at is null
   group by tb.id, p.srid
), numbered as (
  select *, (row_number() over (order by code, id) - 1)::int as ix from t
)
select a.id, a.code, a.audited, a.defective, a.defective::float8 / a.audited as rate,
       st_asgeojson(a.geom, 7)::json as geometry,
       coalesce((select array_agg(b.ix order by b.ix) from numbered b
                  where b.id <> a.id and st_dwithin(a.g, b.g, $2)), '{}') as neighbours
  from numbered a
 order by a.ix;
