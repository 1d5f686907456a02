// A second EL audit of the rooftop demo plant, a year after the demo's (the web report's
// timeline and comparison need two): string S3 repaired, string S5 dead, validated, with a
// result for every module. Shared by the server and browser tests of the web report.
import type pg from 'pg';

export async function laterAudit(pool: pg.Pool, plantId: string, before: { id: string; performedBy: string }): Promise<string> {
  const validator = (await pool.query(`select id from users where role = 'manager' limit 1`)).rows[0].id;
  await pool.query('update audits set validated_at = coalesce(validated_at, now()), validated_by = coalesce(validated_by, $2) where id = $1', [before.id, validator]);
  const auditId: string = (await pool.query(
    `insert into audits (plant_id, audit_type, status, started_at, finished_at, performed_by, validated_at, validated_by)
     values ($1, 'el', 'done', '2026-11-20T20:00:00Z', '2026-11-20T23:30:00Z', $2, now(), $3) returning id`,
    [plantId, before.performedBy, validator])).rows[0].id;
  await pool.query(
    `insert into defects (plant_id, audit_id, module_id, defect_type, module_status, severity, geom, observed_at)
     select d.plant_id, $2::uuid, d.module_id, d.defect_type, d.module_status, d.severity, d.geom, '2026-11-20T21:00:00Z'::timestamptz
       from defects d join modules m on m.id = d.module_id where d.audit_id = $1 and m.code not like 'S3-%'
     union all
     select m.plant_id, $2::uuid, m.id, 'dead_module', 'dead', 'urgent', st_pointonsurface(m.geom), '2026-11-20T21:00:00Z'::timestamptz
       from modules m where m.plant_id = $3::uuid and m.code like 'S5-%'`,
    [before.id, auditId, plantId]);
  await pool.query(
    `insert into audit_modules (audit_id, module_id, plant_id) select $1, id, plant_id from modules where plant_id = $2 and deleted_at is null
     on conflict do nothing`, [auditId, plantId]);
  return auditId;
}
