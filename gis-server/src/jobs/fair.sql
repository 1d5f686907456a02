-- The pg-boss priority of a new job, so that companies take turns (docs/jobs.md).
-- Each waiting job has a turn, tag = -priority; pg-boss serves the highest priority (lowest
-- tag) first, then the oldest. A new job's tag is one more than the later of: the turn just
-- before the first waiting job (the queue's "now"), and the last turn its company already
-- holds. A company that queued 20 plans holds turns 1..20; another's single plan gets turn 2
-- and runs second, not 21st. $1: the pg-boss queue, $2: the plant the job is for (jobs of no
-- plant share one company, null). Run under the lane's advisory lock (queue.ts send()), so
-- that two sends never take the same turn.
with waiting as (
  select -j.priority as tag, pl.client_id
    from pgboss.job j
    left join job_progress p on p.job_id = j.id
    left join plants pl on pl.id = p.plant_id
   where j.name = $1 and j.state < 'active'
), company as (
  select (select client_id from plants where id = $2::uuid) as client_id
)
select -(greatest(
          coalesce((select min(tag) from waiting) - 1, 0),
          coalesce((select max(w.tag) from waiting w, company c where w.client_id is not distinct from c.client_id), 0)
        ) + 1)::int as priority
