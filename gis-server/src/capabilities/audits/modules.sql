-- An audit's module results in (code, id) order after ($2, $3): keyset pages, $4 at most.
select am.module_id as "moduleId", m.code, am.status, am.inspected_at as "inspectedAt", u.full_name as "inspectedBy"
  from audit_modules am
  join modules m on m.id = am.module_id
  left join users u on u.id = am.inspected_by
 where am.audit_id = $1 and am.deleted_at is null
   and ($2::text is null or (m.code, am.module_id) > ($2, $3::uuid))
 order by m.code collate natural_order, am.module_id
 limit $4
