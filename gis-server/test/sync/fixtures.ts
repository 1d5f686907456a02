// A mission to sync, inserted with SQL (the mission API is another capability's): on a
// demo plant, with the demo technician in its team and one audit per type.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { DEMO_PLANTS, DEMO_USERS } from '@calepin/data-fixtures';

export interface MissionFixture {
  missionId: string;
  plantId: string;
  audits: Record<string, string>;
  /** Module ids of the plant, in code order. */
  modules: string[];
  moduleCodes: string[];
  technicianId: string;
  managerId: string;
  templateId: string;
}

export const userId = async (pool: pg.Pool, role: string) =>
  (await pool.query<{ id: string }>('select id from users where email = $1', [DEMO_USERS.find((u) => u.role === role)?.email])).rows[0]?.id as string;

export async function missionFixture(
  pool: pg.Pool,
  options: { plant?: keyof typeof DEMO_PLANTS; auditTypes?: string[]; members?: string[] } = {},
): Promise<MissionFixture> {
  const plant = DEMO_PLANTS[options.plant ?? 'rooftop'];
  const plantId = (await pool.query<{ id: string }>('select id from plants where name = $1', [plant.name])).rows[0]?.id as string;
  const technicianId = await userId(pool, 'technician');
  const managerId = await userId(pool, 'manager');
  const auditTypes = options.auditTypes ?? ['el'];
  const missionId = randomUUID();
  await pool.query(
    `insert into missions (id, plant_id, reference, title, audit_types, status, created_by)
     values ($1, $2, $3, 'Audit de nuit', $4, 'in_progress', $5)`,
    [missionId, plantId, `OM-T-${missionId.slice(0, 8)}`, auditTypes, managerId],
  );
  for (const member of options.members ?? [technicianId]) {
    await pool.query('insert into mission_members (mission_id, user_id) values ($1, $2)', [missionId, member]);
  }
  const audits: Record<string, string> = {};
  for (const type of auditTypes) {
    const id = randomUUID();
    await pool.query(
      `insert into audits (id, plant_id, mission_id, audit_type, status, started_at) values ($1, $2, $3, $4, 'in_progress', now())`,
      [id, plantId, missionId, type],
    );
    audits[type] = id;
  }
  const modules = await pool.query<{ id: string; code: string }>(
    'select id, code from modules where plant_id = $1 and deleted_at is null order by code', [plantId],
  );
  const templateId = (await pool.query<{ id: string }>('select id from checklist_templates order by name limit 1')).rows[0]?.id as string;
  return {
    missionId, plantId, audits, modules: modules.rows.map((m) => m.id), moduleCodes: modules.rows.map((m) => m.code),
    technicianId, managerId, templateId,
  };
}

/** A point on a module (its centroid), as the device's GPS would give it. */
export async function moduleCentroid(pool: pg.Pool, moduleId: string): Promise<{ type: 'Point'; coordinates: [number, number] }> {
  const { rows } = await pool.query<{ g: { type: 'Point'; coordinates: [number, number] } }>(
    'select st_asgeojson(st_centroid(geom), 15)::json as g from modules where id = $1', [moduleId],
  );
  return (rows[0] as { g: { type: 'Point'; coordinates: [number, number] } }).g;
}
