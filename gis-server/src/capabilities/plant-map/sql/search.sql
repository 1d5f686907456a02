-- Modules whose code begins with the text asked for (case-insensitive), the exact code
-- first, then the shortest codes. $1 plant id, $2 the text with LIKE wildcards escaped,
-- $3 the text as typed, $4 limit, $5 audit id or null, $6 whether the caller sees the
-- published statuses (a client).
select m.id, m.code,
       case when $5::uuid is not null then coalesce(am.status, 'pending')
            when $6::boolean then m.published_status else m.status end as status,
       st.code as "stringCode", i.code as "inverterCode",
       array[st_xmin(m.geom), st_ymin(m.geom), st_xmax(m.geom), st_ymax(m.geom)] as bbox,
       upper(m.code) = upper($3) as exact
  from modules m
  left join strings st on st.id = m.string_id
  left join inverters i on i.id = st.inverter_id
  left join audit_modules am
    on $5::uuid is not null and am.audit_id = $5 and am.module_id = m.id and am.deleted_at is null
 where m.plant_id = $1 and m.deleted_at is null
   and upper(m.code) like upper($2) || '%'
 order by upper(m.code) = upper($3) desc, m.code collate natural_order
 limit $4
