// Shared by the missions and planning tests: demo ids, a second technician, a mission.
import type { TestApp } from '../../test-support/app';
import { bearer } from '../../test-support/app';

export interface MissionFixture {
  manager: Record<string, string>;
  plants: { ground: string; rooftop: string };
  tech: string;
  tech2: string;
}

export async function missionFixture(t: TestApp): Promise<MissionFixture> {
  const manager = bearer(await t.token('manager'));
  const { rows: plants } = await t.db.pool.query<{ name: string; id: string; mounting: string }>('select id, name, mounting from plants');
  const ground = plants.find((p) => p.mounting === 'ground')?.id as string;
  const rooftop = plants.find((p) => p.mounting === 'rooftop')?.id as string;
  const { rows: users } = await t.db.pool.query<{ id: string }>(`select id from users where email = 'tech@calepin.test'`);
  const admin = bearer(await t.token('admin'));
  const created = await t.http.post('/api/v1/users').set(admin).send({
    email: `tech2-${Date.now()}@example.fr`, role: 'technician', fullName: 'Damien Petit', password: 'a-long-password', locale: 'en',
  });
  if (created.status !== 201) throw new Error(created.text);
  return { manager, plants: { ground, rooftop }, tech: (users[0] as { id: string }).id, tech2: created.body.id };
}
