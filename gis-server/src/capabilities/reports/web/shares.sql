-- The share links of a report ($1), newest first, with their state now.
select s.id, s.report_id as "reportId", s.plant_id as "plantId", s.label, u.full_name as "createdBy",
       s.created_at as "createdAt", s.expires_at as "expiresAt", s.revoked_at as "revokedAt",
       case when s.revoked_at is not null then 'revoked' when s.expires_at <= now() then 'expired' else 'active' end as state
  from report_shares s
  left join users u on u.id = s.created_by
 where s.report_id = $1 and ($2::uuid is null or s.id = $2)
 order by s.created_at desc, s.id;
