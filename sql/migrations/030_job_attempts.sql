-- Which attempt of a job job_progress describes (pg-boss's retry_count when the attempt
-- started). Every write of an attempt names it, so an attempt that outlives its turn (failed
-- over as lost while it was only slow, or given up at a stop) can no longer change the row
-- of the attempt that replaced it (docs/jobs.md).
alter table job_progress add column attempt integer not null default 0;
