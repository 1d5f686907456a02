-- The account the print browser reads the map tiles with when it draws a mission order's
-- (and later a report's) map composite. The tile-server checks that a token's account
-- exists and is at the token's generation (035), so the printer needs a row of its own.
-- Its password hash is no argon2 hash: nobody can log in with it.
insert into users (id, email, password_hash, role, full_name, locale)
values ('00000000-0000-4000-8000-000000000000', 'print@calepin.invalid', '!', 'admin',
        'Calepin (impression / print)', 'en')
on conflict do nothing;
