-- Web Push (issue 17, docs/notifications.md): the in-app notifications are also pushed to
-- the devices their user subscribed (the field tablet, a browser). `notifications` is the
-- outbox: a row to push has push_due_at set; the server's pusher takes due rows with
-- `for update skip locked` (one instance sends each), sends, and clears it — or sets it
-- later after a transient failure. A notification is never lost for a push that failed:
-- the bell still lists it.
create table push_subscriptions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id),
  -- The push service's URL for this browser (RFC 8030); the browser makes it.
  endpoint text not null unique check (length(endpoint) between 12 and 2000),
  -- The browser's P-256 public key and auth secret (RFC 8291), base64url as the browser gives them.
  p256dh text not null check (p256dh ~ '^[A-Za-z0-9_-]{86,88}$'),
  auth text not null check (auth ~ '^[A-Za-z0-9_-]{16,24}$'),
  user_agent text check (length(user_agent) <= 400),
  created_at timestamptz not null default now(),
  last_sent_at timestamptz,
  -- Transient failures in a row; the subscription is dropped after too many (the push
  -- service answering 404/410 drops it at once: the browser unsubscribed).
  failures smallint not null default 0
);
create index push_subscriptions_user_idx on push_subscriptions (user_id);

-- Notifications written before this migration were seen in the bell: nothing to push.
alter table notifications
  add column push_due_at timestamptz,
  add column push_attempts smallint not null default 0;
alter table notifications alter column push_due_at set default now();
create index notifications_push_due_idx on notifications (push_due_at) where push_due_at is not null;

-- Wakes the pushers at once (they also sweep every minute, so a missed wake-up only delays).
create function notifications_push_wake() returns trigger
language plpgsql as $$
begin
  perform pg_notify('calepin_push', '');
  return null;
end $$;
create trigger notifications_push_wake after insert on notifications
  for each statement execute function notifications_push_wake();

-- "@Full Name" or "@local-part-of-e-mail" in a chat message notifies that person, when they
-- are on the mission's team or staff (admin, manager) — never the author, never a client.
create function chat_messages_mentions() returns trigger
language plpgsql as $$
begin
  if new.deleted_at is not null or position('@' in new.body) = 0 then
    return null;
  end if;
  insert into notifications (user_id, kind, mission_id, params)
  select u.id, 'chat_mention', m.id,
         json_build_object('reference', m.reference, 'title', m.title, 'author', a.full_name,
                           'excerpt', left(new.body, 140))
    from missions m
    join users a on a.id = new.author_id
    join users u on u.deleted_at is null and u.disabled_at is null and u.id <> new.author_id
                and (u.role in ('admin', 'manager')
                     or exists (select from mission_members mm
                                 where mm.mission_id = m.id and mm.user_id = u.id and mm.deleted_at is null))
   where m.id = new.mission_id
     and (strpos(lower(new.body), lower('@' || u.full_name)) > 0
          or strpos(lower(new.body), lower('@' || split_part(u.email::text, '@', 1))) > 0);
  return null;
end $$;
create trigger chat_messages_mentions after insert on chat_messages
  for each row execute function chat_messages_mentions();

-- An urgent defect (new, or raised to urgent) tells the mission's team and whoever created
-- the mission, except the one who recorded it — while the mission is under way: a review
-- or an import of a finished mission tells nobody.
create function defects_urgent_notify() returns trigger
language plpgsql as $$
begin
  if new.severity <> 'urgent' or new.deleted_at is not null
     or (tg_op = 'UPDATE' and old.severity = 'urgent') then
    return null;
  end if;
  insert into notifications (user_id, kind, mission_id, params)
  select r.user_id, 'defect_urgent', m.id,
         json_build_object('reference', m.reference, 'title', m.title,
                           'module', coalesce(mo.code, ''), 'defectType', new.defect_type)
    from audits au
    join missions m on m.id = au.mission_id
    left join modules mo on mo.id = new.module_id
    cross join lateral (
      select mm.user_id from mission_members mm where mm.mission_id = m.id and mm.deleted_at is null
      union select m.created_by where m.created_by is not null
    ) r
    join users u on u.id = r.user_id and u.deleted_at is null and u.disabled_at is null
   where au.id = new.audit_id and m.status in ('planned', 'in_progress')
     and r.user_id is distinct from new.author_id;
  return null;
end $$;
create trigger defects_urgent_notify after insert or update of severity on defects
  for each row execute function defects_urgent_notify();
