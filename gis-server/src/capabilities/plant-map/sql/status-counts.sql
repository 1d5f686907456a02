-- Modules per status on one plant, under the map's filters.
-- $1 plant id, $2 audit id or null (null: the current status; otherwise the status that
-- audit found, pending where it inspected nothing), $3 inverter id, $4 string id,
-- $5 statuses (text[]) or null, $6 whether the caller sees the published statuses (a client:
-- the results of validated audits, sql/migrations/092_published_status.sql).
select s.status, count(*)::int as n
  from modules m
  left join strings st on st.id = m.string_id
  left join audit_modules am
    on $2::uuid is not null and am.audit_id = $2 and am.module_id = m.id and am.deleted_at is null
  cross join lateral (
    select case when $2::uuid is not null then coalesce(am.status, 'pending')
                when $6::boolean then m.published_status else m.status end as status) s
 where m.plant_id = $1 and m.deleted_at is null
   and ($3::uuid is null or st.inverter_id = $3)
   and ($4::uuid is null or m.string_id = $4)
   and ($5::text[] is null or s.status = any ($5))
 group by s.status
