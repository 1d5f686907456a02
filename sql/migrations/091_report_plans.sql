-- Reports (issue 18): whether the status maps draw the plant's georeferenced plans under
-- the layout (the diagnostician chooses it when making the report; a re-render keeps it).
alter table reports add column with_plans boolean not null default false;
