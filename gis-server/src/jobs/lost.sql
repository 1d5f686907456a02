-- Jobs whose worker is gone (a crash, a kill): active in pg-boss, started and last heard of
-- (job_progress.updated_at, touched by the running worker every few seconds) longer ago
-- than $2 seconds. $1: the pg-boss queues of this server; $3: the jobs this server runs
-- itself (alive, whatever their heartbeat says).
select j.id, j.name, j.data, j.retry_count < j.retry_limit as "willRetry"
  from pgboss.job j
  join job_progress p on p.job_id = j.id
 where j.name = any($1::text[])
   and j.state = 'active'
   and j.started_on < now() - make_interval(secs => $2)
   and p.updated_at < now() - make_interval(secs => $2)
   and j.id <> all($3::uuid[])
