// The world of the fault runs: a mission on the demo rooftop whose team is the demo
// technician and a second one, the first modules of the plant with a point on each.
import type { TestApp } from '../../../test-support/app';
import { bearer } from '../../../test-support/app';
import type { FieldWorld } from '../../../test-support/faults/workload';
import { missionFixture, moduleCentroid } from './fixtures';
import { sessionUser } from './scenarios';

export const SECOND = { email: 'tech2@calepin.test', password: 'second-technician-password' };

export async function secondTechnician(t: TestApp): Promise<typeof SECOND> {
  const known = await t.db.pool.query('select 1 from users where email = $1', [SECOND.email]);
  if (!known.rowCount) {
    const created = await t.http.post('/api/v1/users').set(bearer(await t.token('admin')))
      .send({ email: SECOND.email, role: 'technician', fullName: 'Damien Second', password: SECOND.password });
    if (created.status !== 201) throw new Error(`second technician: ${created.status} ${created.text}`);
  }
  return SECOND;
}

export async function fieldWorld(t: TestApp, moduleCount: number): Promise<FieldWorld> {
  await secondTechnician(t);
  const m = await missionFixture(t.db.pool, { members: [] });
  await t.db.pool.query(
    'insert into mission_members (mission_id, user_id) select $1, id from users where email in ($2, $3)',
    [m.missionId, 'tech@calepin.test', SECOND.email],
  );
  const modules = await Promise.all(m.modules.slice(0, moduleCount).map(async (id) => ({ id, point: await moduleCentroid(t.db.pool, id) })));
  return { missionId: m.missionId, auditId: m.audits.el as string, templateId: m.templateId, modules };
}

/** A manager's token valid now (the fault tests' tokens live seconds). */
export async function managerToken(t: TestApp): Promise<string> {
  const { rows } = await t.db.pool.query("select id from users where email = 'manager@calepin.test'");
  const { user, generation } = await sessionUser(t.db.pool, rows[0].id);
  return t.app.deps.tokens.issueAccess(user, generation);
}
