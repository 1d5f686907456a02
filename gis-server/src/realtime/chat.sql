-- Chat messages of a mission as the live views show them.
--   $1 mission id, $2 message ids (null: the last $3 of the mission), $3 how many.
select * from (
  select c.id, c.author_id as "authorId", u.full_name as "authorName", c.body, c.module_id as "moduleId",
         m.code as "moduleCode", c.photo_id as "photoId", to_json(c.sent_at)#>>'{}' as "sentAt", c.created_at
    from chat_messages c
    join users u on u.id = c.author_id
    left join modules m on m.id = c.module_id
   where c.mission_id = $1 and c.deleted_at is null and ($2::uuid[] is null or c.id = any($2::uuid[]))
   order by c.sent_at desc, c.created_at desc
   limit $3
) last
order by "sentAt", created_at
