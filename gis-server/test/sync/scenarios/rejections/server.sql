-- A defect of the other mission (on the other plant), and a module of this plant removed from the layout.
insert into defects (id, plant_id, audit_id, module_id, defect_type, module_status, severity, geom)
values ('de000000-0000-4000-8000-0000000000ff', '90000000-0000-4000-8000-000000000002', 'e0000000-0000-4000-8000-000000000002',
        'a0000000-0000-4000-8000-000000000099', 'dead_module', 'dead', 'urgent', st_setsrid(st_point(1.450007, 43.90001), 4326));
update modules set deleted_at = now() where id = 'a0000000-0000-4000-8000-000000000004';
