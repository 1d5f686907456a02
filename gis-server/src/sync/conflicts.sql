-- Conflicts of a mission ($1), newest first, or one conflict ($2).
select c.id, c.table_name as "table", c.row_key as key, c.kind, c.column_name as column, c.kept,
       c.server_value as "serverValue", c.device_value as "deviceValue",
       c.server_time as "serverTime", c.device_time as "deviceTime", c.device_time_sent as "deviceTimeSent",
       su.full_name as "serverUser", du.full_name as "deviceUser",
       c.created_at as "createdAt", c.reverted_at as "revertedAt", ru.full_name as "revertedBy"
  from sync_conflicts c
  left join users su on su.id = c.server_user_id
  left join users du on du.id = c.device_user_id
  left join users ru on ru.id = c.reverted_by
 where ($1::uuid is null or c.mission_id = $1) and ($2::uuid is null or c.id = $2)
 order by c.created_at desc, c.id
