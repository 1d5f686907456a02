-- A report's detail map pages: one per inverter (its strings' modules) or one per zone
-- (the modules of its tables), as the diagnostician chooses at creation.
alter table reports add column map_pages text not null default 'inverter' check (map_pages in ('inverter', 'zone'));
