-- What was done to the plant's ($1) reports after their drafts, newest first: validated
-- (signed), sent, archived, by whom. A client ($2 true) reads the sendings and archives only.
select e.report_id as "reportId", r.title, e.action, e.version, u.full_name as actor, e.at,
       coalesce(array(select jsonb_array_elements_text(e.detail -> 'recipients')), '{}') as recipients
  from report_events e join reports r on r.id = e.report_id and r.deleted_at is null
  left join users u on u.id = e.actor_id
 where e.plant_id = $1 and (not $2 or e.action in ('sent', 'archived'))
 order by e.at desc
 limit 500
