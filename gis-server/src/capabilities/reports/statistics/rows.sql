-- Defects by a module's place on its table, for one audit ($1): bottom row (row_index 1,
-- the lowest edge, where soiling gathers and feet land), top row, end columns (first or
-- last column: handling, wind) and the rest. A module on two edges counts in the first
-- that applies, in that order.
select place, count(*)::int as audited, count(*) filter (where am.status <> 'ok')::int as defective
  from audit_modules am
  join modules m on m.id = am.module_id and m.deleted_at is null
  join tables t on t.id = m.table_id and t.deleted_at is null
  cross join lateral (select case
    when m.row_index = 1 and coalesce(t.row_count, 1) > 1 then 'bottom'
    when m.row_index = t.row_count and t.row_count > 1 then 'top'
    when m.column_index = 1 or m.column_index = t.column_count then 'end'
    else 'inner' end as place) p
 where am.audit_id = $1 and am.deleted_at is null and m.row_index is not null and m.column_index is not null
 group by place;
