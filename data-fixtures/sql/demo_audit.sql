-- The demo's audit results: which modules an audit inspected and what it found, chosen
-- deterministically from a hash of each module's code, so every load gives the same
-- plant. Statuses are then derived by the schema's own triggers, as in real life.
--
-- spec: {"coverage": share of modules inspected (whole tables, 0..1),
--        "rates": {"microcracks": 0.025, "inequality": 0.015, "dead": 0.005, "soiling": 0.02},
--        "open_strings": ["S17"], "unconnected_modules": ["S10-M24"], "unconnected_strings": [],
--        "hot_spots": 0.003 (thermography only), "seed": "el-2026"}

create or replace function fixtures.demo_audit(
  p_audit uuid, p_author uuid, p_observed timestamptz, spec jsonb) returns jsonb
language plpgsql as $$
declare
  v_plant uuid := (select plant_id from audits where id = p_audit);
  v_type text := (select audit_type from audits where id = p_audit);
  seed text := coalesce(spec ->> 'seed', p_audit::text);
  coverage float8 := coalesce((spec ->> 'coverage')::float8, 1);
  r_micro float8 := coalesce((spec -> 'rates' ->> 'microcracks')::float8, 0);
  r_ineq float8 := coalesce((spec -> 'rates' ->> 'inequality')::float8, 0);
  r_dead float8 := coalesce((spec -> 'rates' ->> 'dead')::float8, 0);
  r_soil float8 := coalesce((spec -> 'rates' ->> 'soiling')::float8, 0);
  r_hot float8 := coalesce((spec ->> 'hot_spots')::float8, 0);
  open_strings text[] := array(select jsonb_array_elements_text(coalesce(spec -> 'open_strings', '[]')));
  off_strings text[] := array(select jsonb_array_elements_text(coalesce(spec -> 'unconnected_strings', '[]')));
  off_modules text[] := array(select jsonb_array_elements_text(coalesce(spec -> 'unconnected_modules', '[]')));
  n_tables int := (select count(*) from tables where plant_id = v_plant and deleted_at is null);
begin
  -- Inspected: the first `coverage` share of the tables (a night's work stops somewhere).
  create temp table fx_inspected as
    select m.id, m.code, s.code as string_code, m.geom,
           (abs(hashtext(m.code || seed)) % 100000) / 100000.0 as u
      from modules m
      left join strings s on s.id = m.string_id
      left join tables t on t.id = m.table_id
     where m.plant_id = v_plant and m.deleted_at is null
       and (coverage >= 1 or substring(t.code from 2)::int <= ceil(n_tables * coverage));

  insert into audit_modules (audit_id, module_id, plant_id, inspected_at, inspected_by)
    select p_audit, id, v_plant, p_observed, p_author from fx_inspected;

  insert into defects (plant_id, audit_id, module_id, defect_type, module_status, severity, iec_class, delta_t_c,
                       description, geom, author_id, observed_at)
    select v_plant, p_audit, i.id, f.defect_type, f.module_status, f.severity, f.iec_class, f.delta_t,
           f.description, st_pointonsurface(i.geom), p_author, p_observed + (row_number() over (order by i.code)) * interval '20 seconds'
      from fx_inspected i
      cross join lateral (
        select * from (values
          -- EL findings
          (v_type = 'el' and i.string_code = any(open_strings),
           'string_open', 'string_open', 'urgent', null::int, null::numeric, 'String entier éteint en EL : circuit ouvert'),
          (v_type = 'el' and (i.string_code = any(off_strings) or i.code = any(off_modules)),
           'not_connected', 'not_connected', 'warning', null, null, 'Module non raccordé (connecteurs débranchés)'),
          (v_type = 'el' and i.u < r_dead,
           'dead_module', 'dead', 'urgent', null, null, 'Module HS : aucune luminescence'),
          (v_type = 'el' and i.u >= r_dead and i.u < r_dead + r_micro,
           'microcrack', 'microcracks', case when i.u < r_dead + r_micro / 5 then 'urgent' else 'warning' end, null, null,
           'Microfissures visibles en EL'),
          (v_type = 'el' and i.u >= r_dead + r_micro and i.u < r_dead + r_micro + r_ineq,
           'cell_inequality', 'inequality', 'info', null, null, 'Luminescence inégale entre cellules'),
          (i.u >= 0.9 and i.u < 0.9 + r_soil,
           'soiling', 'ok', 'info', null, null, 'Salissures (fientes, poussière) : nettoyage conseillé'),
          -- Thermography findings, with their IEC TS 62446-3 class of abnormality
          (v_type = 'thermography' and i.u < r_hot,
           'hot_spot',
           case when i.u < r_hot / 3 then 'dead' else 'inequality' end,
           case when i.u < r_hot / 3 then 'urgent' when i.u < 2 * r_hot / 3 then 'warning' else 'info' end,
           case when i.u < r_hot / 3 then 3 when i.u < 2 * r_hot / 3 then 2 else 1 end,
           round((5 + 40 * (1 - i.u / nullif(r_hot, 0)))::numeric, 1),
           'Point chaud sur cellule')
        ) as f(applies, defect_type, module_status, severity, iec_class, delta_t, description)
       where f.applies
       limit 1
      ) f;

  drop table fx_inspected;
  return (select jsonb_build_object(
    'inspected', (select count(*) from audit_modules where audit_id = p_audit),
    'defects', (select count(*) from defects where audit_id = p_audit)));
end $$;
