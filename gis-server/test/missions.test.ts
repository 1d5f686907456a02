import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Mission, MissionWriteResult } from '@calepin/core';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { type MissionFixture, missionFixture } from './missions-support';

let t: TestApp;
let f: MissionFixture;

beforeAll(async () => {
  t = await testApp();
  f = await missionFixture(t);
});
afterAll(() => t.close());

const create = (body: object, headers: Record<string, string> = {}) =>
  t.http.post('/api/v1/missions').set(f.manager).set(headers).send({ plantId: f.plants.rooftop, title: 'Audit EL de nuit', auditTypes: ['el'], ...body });

describe('mission orders', () => {
  it('creates a draft with a generated reference, default safety in the caller’s language and one audit per type', async () => {
    const response = await create({ auditTypes: ['el', 'thermography'], leadId: f.tech, technicianIds: [f.tech2], estimatedHours: 6 }, { 'accept-language': 'en' });
    expect(response.status, response.text).toBe(201);
    const mission = MissionWriteResult.parse(response.body);
    expect(mission.reference).toMatch(/^OM-\d{4}-\d{3}$/);
    expect(mission.status).toBe('draft');
    expect(mission.safetyInstructions).toContain('Night work');
    // A roof: working at height is part of the defaults.
    expect(mission.safetyInstructions).toContain('Working at height');
    expect(mission.audits.map((a) => a.auditType).sort()).toEqual(['el', 'thermography']);
    expect(mission.members.map((m) => [m.userId, m.role])).toEqual([[f.tech, 'lead'], [f.tech2, 'technician']]);
    expect(mission.mail).toEqual({ configured: false, queued: 0 });
    const french = await create({}, { 'accept-language': 'fr' });
    expect(french.body.safetyInstructions).toContain('Travail de nuit');
    expect(Number(french.body.reference.slice(-3))).toBe(Number(mission.reference.slice(-3)) + 1);
  });

  it('offers the form the plant’s areas, the checklist templates and the plant’s plans', async () => {
    const choices = await t.http.get(`/api/v1/plants/${f.plants.rooftop}/mission-choices`).set(f.manager);
    expect(choices.status, choices.text).toBe(200);
    expect(choices.body.zones.map((z: { code: string; name: string }) => `${z.code} ${z.name}`)).toEqual(['Z1 Bloc 1']);
    // The demo's own template and the three that migration 070 seeds for every company.
    expect(choices.body.checklistTemplates.map((c: { name: string }) => c.name)).toEqual([
      'Audit EL nocturne',
      'Centrale au sol / Ground-mounted plant',
      'IEC 62446-1 — Inspection visuelle / Visual inspection',
      'Toiture / Rooftop',
    ]);
    expect(choices.body.plans).toEqual([]);
    // The chosen ones are kept on the order; another plant's area is refused, naming the field.
    const zone = choices.body.zones[0].id as string;
    const saved = await create({ zoneIds: [zone], checklistTemplateIds: [choices.body.checklistTemplates[0].id] });
    expect([saved.body.zoneIds, saved.body.checklistTemplateIds.length]).toEqual([[zone], 1]);
    const ground = await t.http.get(`/api/v1/plants/${f.plants.ground}/mission-choices`).set(f.manager);
    const foreign = await create({ zoneIds: [ground.body.zones[0].id] });
    expect([foreign.status, foreign.body.error.field]).toEqual([400, 'zoneIds.0']);
    expect((await t.http.get(`/api/v1/plants/${randomUUID()}/mission-choices`).set(f.manager)).status).toBe(404);
  });

  it('refuses bad input with the field and why, and unknown references', async () => {
    const cases: [object, number, string, string][] = [
      [{ auditTypes: [] }, 400, 'validation_failed', 'auditTypes'],
      [{ auditTypes: ['xray'] }, 400, 'validation_failed', 'auditTypes.0'],
      [{ title: '  ' }, 400, 'validation_failed', 'title'],
      [{ plannedStart: '2026-07-02T22:00:00Z', plannedEnd: '2026-07-02T20:00:00Z' }, 400, 'validation_failed', 'plannedEnd'],
      [{ plantId: randomUUID() }, 400, 'reference_missing', 'plantId'],
      [{ technicianIds: [randomUUID()] }, 400, 'mission_member_unknown', 'technicianIds.0'],
      [{ leadId: f.tech, technicianIds: [f.tech] }, 400, 'mission_member_twice', 'technicianIds.0'],
      [{ zoneIds: [randomUUID()] }, 400, 'mission_zone_unknown', 'zoneIds.0'],
      [{ surprise: 1 }, 400, 'validation_failed', 'surprise'],
    ];
    for (const [body, status, code, field] of cases) {
      const response = await create(body);
      expect(response.status, `${JSON.stringify(body)} ${response.text}`).toBe(status);
      expect(response.body.error).toMatchObject({ code, field });
      expect(response.body.error.message.startsWith(`${field}: `)).toBe(true);
    }
    const client = await t.http.get('/api/v1/users').set(bearer(await t.token('admin'))).query({ q: 'client' });
    const clientUser = client.body.items.find((u: { role: string }) => u.role === 'client');
    expect((await create({ technicianIds: [clientUser.id] })).body.error.code).toBe('mission_member_unknown');
  });

  it('moves along the workflow, writes who and when in the plant history, and refuses the impossible', async () => {
    const { body: draft } = await create({ leadId: f.tech, estimatedHours: 4 });
    const early = await t.http.post(`/api/v1/missions/${draft.id}/status`).set(f.manager).send({ status: 'planned' });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'mission_not_ready', field: 'plannedStart' });
    await t.http.post(`/api/v1/missions/${draft.id}/interventions`).set(f.manager)
      .send({ technicianId: f.tech, start: '2030-01-15T19:00:00Z', end: '2030-01-15T23:00:00Z' }).expect(201);
    const planned = await t.http.post(`/api/v1/missions/${draft.id}/status`).set(f.manager).send({ status: 'planned' });
    expect(planned.status, planned.text).toBe(200);
    expect(planned.body.plannedStart).toBe('2030-01-15T19:00:00.000Z');
    expect(planned.body.mail).toEqual({ configured: false, queued: 1 });
    const done = await t.http.post(`/api/v1/missions/${draft.id}/status`).set(f.manager).send({ status: 'done' });
    expect(done.status).toBe(409);
    expect(done.body.error.code).toBe('mission_status_transition');
    await t.http.post(`/api/v1/missions/${draft.id}/status`).set(f.manager).send({ status: 'cancelled' }).expect(200);
    const closed = await t.http.patch(`/api/v1/missions/${draft.id}`).set(f.manager).send({ title: 'Too late' });
    expect(closed.body.error.code).toBe('mission_closed');
    const activity = await t.http.get(`/api/v1/missions/${draft.id}/activity`).set(f.manager);
    const statuses = activity.body.events.filter((e: { kind: string }) => e.kind === 'status');
    expect(statuses.map((e: { toStatus: string; user: string }) => [e.toStatus, e.user])).toEqual([['cancelled', 'Bruno Garcia'], ['planned', 'Bruno Garcia']]);
    const { rows } = await t.db.pool.query(`select kind from notifications n join users u on u.id = n.user_id where u.id = $1 and n.mission_id = $2 order by n.created_at`, [f.tech, draft.id]);
    expect(rows.map((r) => r.kind)).toEqual(['mission_planned', 'mission_cancelled']);
  });

  it('removing an audit type removes its audit, unless the audit found something', async () => {
    const { body } = await create({ auditTypes: ['el', 'iv'] });
    const changed = await t.http.patch(`/api/v1/missions/${body.id}`).set(f.manager).send({ auditTypes: ['iv', 'visual'] });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body.audits.map((a: { auditType: string }) => a.auditType)).toEqual(['iv', 'visual']);
    const iv = changed.body.audits.find((a: { auditType: string }) => a.auditType === 'iv');
    await t.db.pool.query(`insert into audit_modules (audit_id, module_id, plant_id) select $1, id, plant_id from modules where plant_id = $2 limit 1`, [iv.id, f.plants.rooftop]);
    const refused = await t.http.patch(`/api/v1/missions/${body.id}`).set(f.manager).send({ auditTypes: ['visual'] });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'mission_audit_has_findings', field: 'auditTypes' });
  });

  it('shows a technician only the missions they are on, and a client its plants’ missions without internal notes', async () => {
    const { body: mine } = await create({ technicianIds: [f.tech], notes: 'internal: client pays late' });
    const { body: other } = await create({ plantId: f.plants.ground, technicianIds: [f.tech2] });
    const tech = bearer(await t.token('technician'));
    const list = await t.http.get('/api/v1/missions?limit=500').set(tech);
    const ids = list.body.items.map((m: Mission) => m.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(other.id);
    expect((await t.http.get(`/api/v1/missions/${other.id}`).set(tech)).status).toBe(404);
    expect((await t.http.patch(`/api/v1/missions/${mine.id}`).set(tech).send({ title: 'x' })).status).toBe(403);
    const client = bearer(await t.token('client'));
    const seen = await t.http.get(`/api/v1/missions/${mine.id}`).set(client);
    expect(seen.status).toBe(200);
    expect(seen.body.notes).toBeNull();
    expect((await t.http.get(`/api/v1/missions/${other.id}`).set(client)).status).toBe(404);
    const clientList = await t.http.get('/api/v1/missions?limit=500').set(client);
    expect(clientList.body.items.every((m: Mission) => m.plantId === f.plants.rooftop)).toBe(true);
    expect((await t.http.get(`/api/v1/missions/${mine.id}/activity`).set(client)).body.mails).toEqual([]);
  });
});
