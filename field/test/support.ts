// Test missions made with SQL (the missions capability builds them through its API in its
// own branch; these tests need only the rows), and their mission package from the server.
import type pg from 'pg';
import { DEMO_PLANTS, DEMO_USERS } from '@calepin/data-fixtures';
import { type TestApp, bearer } from '../../test-support/app';

export interface TestMission {
  id: string;
  plantId: string;
  audits: Record<string, string>;
  technicianId: string;
}

let counter = 0;

/** A mission in progress on a demo plant (or the plant `plantId`) with the demo technician on its team and one audit per type. */
export async function makeMission(
  pool: pg.Pool, options: { plant?: 'rooftop' | 'ground'; plantId?: string; auditTypes?: string[] } = {},
): Promise<TestMission> {
  const plantName = DEMO_PLANTS[options.plant ?? 'rooftop'].name;
  const auditTypes = options.auditTypes ?? ['el', 'visual'];
  const tech = DEMO_USERS.find((u) => u.role === 'technician')!.email;
  const { rows: [ids] } = await pool.query(
    `select coalesce($3::uuid, (select id from plants where name = $1)) as plant_id, (select id from users where email = $2) as tech_id`,
    [plantName, tech, options.plantId ?? null]);
  const reference = `OM-TEST-${process.pid}-${++counter}`;
  const { rows: [mission] } = await pool.query(
    `insert into missions (plant_id, reference, title, audit_types, status, planned_start, planned_end, safety_instructions)
     values ($1, $2, 'Audit de test', $3, 'in_progress', now(), now() + interval '8 hours', 'Gilet, gants, lampe frontale.') returning id`,
    [ids.plant_id, reference, auditTypes]);
  await pool.query("insert into mission_members (mission_id, user_id, role) values ($1, $2, 'lead')", [mission.id, ids.tech_id]);
  const audits: Record<string, string> = {};
  for (const type of auditTypes) {
    const { rows: [audit] } = await pool.query(
      `insert into audits (plant_id, mission_id, audit_type, status, started_at) values ($1, $2, $3, 'in_progress', now()) returning id`,
      [ids.plant_id, mission.id, type]);
    audits[type] = audit.id;
  }
  return { id: mission.id, plantId: ids.plant_id, audits, technicianId: ids.tech_id };
}

/** Builds the mission's package through the API and downloads it whole. */
export async function downloadPackage(t: TestApp, missionId: string, role: 'technician' | 'manager' = 'technician'): Promise<Uint8Array> {
  const auth = bearer(await t.token(role));
  const built = await t.http.post(`/api/v1/missions/${missionId}/packages`).set(auth);
  if (built.status !== 201) throw new Error(`package build: ${built.status} ${built.text}`);
  const file = await t.http.get(built.body.url.replace(/^\/api\/v1/, '/api/v1')).set(auth).buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
  if (file.status !== 200) throw new Error(`package download: ${file.status}`);
  return new Uint8Array(file.body as Buffer);
}
