-- The world every scenario starts from (run before its own server.sql), on an empty
-- migrated database. Ids are fixed so that device files and expectations can name them:
--   users        11111111-…-0001 technician Anne, …-0002 technician Bruno, …-0003 manager Carole
--   plant        90000000-…-0001, modules a0000000-…-0001 … 0004 (A1 … A4)
--   mission      b0000000-…-0001 (Anne and Bruno), audit el e0000000-…-0001
--   another mission on another plant: b0000000-…-0002, audit e0000000-…-0002, module a0000000-…-0099
--   checklist template d0000000-…-0001 (fields ppe, fence, notes)
insert into clients (id, name) values
  ('c0000000-0000-4000-8000-000000000001', 'Client A'),
  ('c0000000-0000-4000-8000-000000000002', 'Client B');
insert into users (id, email, password_hash, role, full_name) values
  ('11111111-1111-4111-8111-000000000001', 'anne@calepin.test', 'x', 'technician', 'Anne Technicienne'),
  ('11111111-1111-4111-8111-000000000002', 'bruno@calepin.test', 'x', 'technician', 'Bruno Technicien'),
  ('11111111-1111-4111-8111-000000000003', 'carole@calepin.test', 'x', 'manager', 'Carole Bureau');
insert into plants (id, client_id, name, srid, location) values
  ('90000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000001', 'Centrale A', 2154, st_setsrid(st_point(1.35, 43.98), 4326)),
  ('90000000-0000-4000-8000-000000000002', 'c0000000-0000-4000-8000-000000000002', 'Centrale B', 2154, st_setsrid(st_point(1.45, 43.90), 4326));
insert into modules (id, plant_id, code, geom)
select ('a0000000-0000-4000-8000-00000000000' || n)::uuid, '90000000-0000-4000-8000-000000000001', 'A' || n,
       st_makeenvelope(1.35 + n * 0.00002, 43.98, 1.35 + n * 0.00002 + 0.000015, 43.98002, 4326)
  from generate_series(1, 4) n;
insert into modules (id, plant_id, code, geom) values
  ('a0000000-0000-4000-8000-000000000099', '90000000-0000-4000-8000-000000000002', 'B1',
   st_makeenvelope(1.45, 43.90, 1.450015, 43.90002, 4326));
insert into missions (id, plant_id, reference, title, audit_types, status) values
  ('b0000000-0000-4000-8000-000000000001', '90000000-0000-4000-8000-000000000001', 'OM-A', 'Audit EL A', '{el}', 'in_progress'),
  ('b0000000-0000-4000-8000-000000000002', '90000000-0000-4000-8000-000000000002', 'OM-B', 'Audit EL B', '{el}', 'in_progress');
insert into mission_members (mission_id, user_id) values
  ('b0000000-0000-4000-8000-000000000001', '11111111-1111-4111-8111-000000000001'),
  ('b0000000-0000-4000-8000-000000000001', '11111111-1111-4111-8111-000000000002'),
  ('b0000000-0000-4000-8000-000000000002', '11111111-1111-4111-8111-000000000002');
insert into audits (id, plant_id, mission_id, audit_type, status, started_at) values
  ('e0000000-0000-4000-8000-000000000001', '90000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', 'el', 'in_progress', '2026-11-20T21:00:00+01:00'),
  ('e0000000-0000-4000-8000-000000000002', '90000000-0000-4000-8000-000000000002', 'b0000000-0000-4000-8000-000000000002', 'el', 'in_progress', '2026-11-20T21:00:00+01:00');
insert into checklist_templates (id, name, audit_types, sections) values
  ('d0000000-0000-4000-8000-000000000001', 'Audit EL', '{el}',
   '[{"id":"site","fields":[{"id":"ppe","type":"boolean"},{"id":"fence","type":"choice","options":["ok","damaged"],"nonConformity":["damaged"]},{"id":"notes","type":"text"}]}]');
