-- Each module inspected by both audits, $1 (this one) and $2 (the previous), and how it
-- changed, by status rank (status_rank(), migration 002): new (was ok, now not),
-- repaired (was not ok, now ok), worsened (a worse status), improved (a better one, still
-- not ok), persisting (the same status, not ok). Unchanged ok modules are left out.
select m.id, m.code, now_.status as status, before.status as "previousStatus",
       case when before.status = 'ok' then 'new'
            when now_.status = 'ok' then 'repaired'
            when status_rank(now_.status) > status_rank(before.status) then 'worsened'
            when status_rank(now_.status) < status_rank(before.status) then 'improved'
            else 'persisting' end as change,
       st_asgeojson(m.geom, 7)::json as geometry
  from audit_modules now_
  join audit_modules before on before.module_id = now_.module_id and before.audit_id = $2 and before.deleted_at is null
  join modules m on m.id = now_.module_id and m.deleted_at is null
 where now_.audit_id = $1 and now_.deleted_at is null
   and not (now_.status = 'ok' and before.status = 'ok')
 order by m.code collate natural_order;
