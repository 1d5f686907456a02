-- One report ($1) with its plant, its signed versions, its history and its mails.
select r.id, r.plant_id as "plantId", p.name as "plantName", c.name as "clientName", r.audit_id as "auditId",
       r.mission_id as "missionId", r.title, r.language, r.status, r.sha256 as "draftSha256", r.document_key as "draftKey",
       vu.full_name as "validatedBy", r.validated_at as "validatedAt", r.sent_at as "sentAt", r.archived_at as "archivedAt",
       r.created_at as "createdAt",
       coalesce((select jsonb_agg(jsonb_build_object(
                  'version', v.version, 'sha256', v.sha256, 'sizeBytes', v.size_bytes, 'draftSha256', v.draft_sha256,
                  'signedBy', su.full_name, 'signedAt', v.signed_at, 'certificateSubject', v.certificate_subject,
                  'timestampedAt', v.timestamped_at, 'timestampAuthority', v.timestamp_authority,
                  'sentAt', v.sent_at, 'sentTo', coalesce(to_jsonb(v.sent_to), '[]'), 'archivedAt', v.archived_at,
                  'archivedBy', au.full_name) order by v.version desc)
                  from report_versions v join users su on su.id = v.signed_by left join users au on au.id = v.archived_by
                 where v.report_id = r.id), '[]') as versions,
       coalesce((select jsonb_agg(jsonb_build_object('action', e.action, 'version', e.version, 'actor', eu.full_name,
                  'at', e.at, 'detail', e.detail) order by e.at desc)
                  from report_events e left join users eu on eu.id = e.actor_id where e.report_id = r.id), '[]') as history,
       coalesce((select jsonb_agg(jsonb_build_object('email', m.email, 'status', m.status,
                  'version', (m.detail ->> 'version')::int, 'sentAt', m.sent_at, 'error', m.error) order by m.created_at desc, m.email)
                  from mail_messages m where m.topic = 'report' and m.topic_id = r.id), '[]') as mails
  from reports r join plants p on p.id = r.plant_id join clients c on c.id = p.client_id
  left join users vu on vu.id = r.validated_by
 where r.id = $1 and r.deleted_at is null
