// The audit API (issue 16): the office reviews what came in through the same change engine
// as devices; clients read validated results only; a mission is done once complete.
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checklistResponseId } from '@calepin/core/sync';
import { type TestApp, bearer, testApp } from '../../test-support/app';
import { makePhoto } from '../../test-support/photos';
import { type MissionFixture, missionFixture, moduleCentroid } from './sync/fixtures';

let t: TestApp;
let tech: Record<string, string>;
let manager: Record<string, string>;
let client: Record<string, string>;
let m: MissionFixture;

beforeAll(async () => {
  t = await testApp();
  tech = bearer(await t.token('technician'));
  manager = bearer(await t.token('manager'));
  client = bearer(await t.token('client'));
  m = await missionFixture(t.db.pool);
});
afterAll(async () => t?.close());

const push = async (operations: unknown[]) => {
  const res = await t.http.post('/api/v1/sync/push').set(tech)
    .send({ protocol: 1, deviceId: 'tablet-1', batchId: randomUUID(), missionId: m.missionId, operations });
  expect(res.status, res.text).toBe(200);
  return res.body.results as { status: string; conflicts?: { kept: string }[] }[];
};

async function pushedDefect(i: number, deviceTime: string, severity = 'warning'): Promise<string> {
  const id = randomUUID();
  const [result] = await push([{
    id: randomUUID(), table: 'defects', key: { id }, op: 'create', deviceTime,
    columns: {
      audit_id: { new: m.audits.el }, module_id: { new: m.modules[i] }, defect_type: { new: 'microcrack' },
      module_status: { new: 'microcracks' }, severity: { new: severity }, geom: { new: await moduleCentroid(t.db.pool, m.modules[i] as string) },
    },
  }]);
  expect(result?.status).toBe('applied');
  return id;
}

describe('the office', () => {
  it('corrects a defect, and a technician’s older offline change loses to it, recorded', async () => {
    const defect = await pushedDefect(0, '2026-12-05T22:00:00.000+01:00');
    const corrected = await t.http.patch(`/api/v1/defects/${defect}`).set(manager).send({ severity: 'info' });
    expect(corrected.status, corrected.text).toBe(200);
    expect(corrected.body).toMatchObject({ severity: 'info', review: 'corrected', reviewedBy: 'Bruno Garcia' });

    // The technician raised the severity last night, offline; the push arrives after the correction.
    const [late] = await push([{ id: randomUUID(), table: 'defects', key: { id: defect }, op: 'patch', deviceTime: '2026-12-05T23:00:00.000+01:00', columns: { severity: { old: 'warning', new: 'urgent' } } }]);
    expect(late).toMatchObject({ status: 'conflict', conflicts: [{ kept: 'server' }] });
    expect((await t.http.get(`/api/v1/defects/${defect}`).set(manager)).body.severity).toBe('info');

    const conflicts = await t.http.get(`/api/v1/missions/${m.missionId}/conflicts`).set(manager);
    const mine = conflicts.body.items.find((c: { key: { id: string } }) => c.key.id === defect);
    expect(mine).toMatchObject({ column: 'severity', kept: 'server', serverValue: 'info', deviceValue: 'urgent', deviceUser: 'Chloé Bernard', serverUser: 'Bruno Garcia' });

    // Reverted: the technician's value is written back as a new change that devices pull.
    const reverted = await t.http.post(`/api/v1/conflicts/${mine.id}/revert`).set(manager);
    expect(reverted.status, reverted.text).toBe(200);
    expect(reverted.body.revertedBy).toBe('Bruno Garcia');
    expect((await t.http.get(`/api/v1/defects/${defect}`).set(manager)).body.severity).toBe('urgent');
    expect((await t.http.post(`/api/v1/conflicts/${mine.id}/revert`).set(manager)).status).toBe(409);
  });

  it('accepts or rejects a defect; a rejected one no longer counts for the module', async () => {
    const kept = await pushedDefect(1, '2026-12-05T22:10:00.000+01:00');
    const dropped = await pushedDefect(2, '2026-12-05T22:11:00.000+01:00');
    expect((await t.http.post(`/api/v1/defects/${kept}/review`).set(manager).send({ decision: 'accepted' })).status).toBe(200);
    expect((await t.http.post(`/api/v1/defects/${dropped}/review`).set(manager).send({ decision: 'rejected', note: 'reflet' })).status).toBe(200);
    const list = await t.http.get(`/api/v1/audits/${m.audits.el}/defects`).set(manager);
    expect(list.body.items.find((d: { id: string }) => d.id === kept)).toMatchObject({ review: 'accepted' });
    expect(list.body.items.some((d: { id: string }) => d.id === dropped)).toBe(false);
    const { rows } = await t.db.pool.query('select review, review_note, deleted_at is not null as deleted from defects where id = $1', [dropped]);
    expect(rows[0]).toEqual({ review: 'rejected', review_note: 'reflet', deleted: true });
    const status = await t.db.pool.query('select status from modules where id = $1', [m.modules[2]]);
    expect(status.rows[0].status).toBe('ok');
  });

  it('validates an audit: only then does its client see it, its defects and its photos', async () => {
    const defect = await pushedDefect(3, '2026-12-05T22:20:00.000+01:00');
    expect((await t.http.get(`/api/v1/audits/${m.audits.el}`).set(client)).status).toBe(404);
    expect((await t.http.get(`/api/v1/defects/${defect}`).set(client)).status).toBe(404);
    expect((await t.http.get(`/api/v1/plants/${m.plantId}/audits`).set(client)).body.items.map((a: { id: string }) => a.id)).not.toContain(m.audits.el);

    const validated = await t.http.post(`/api/v1/audits/${m.audits.el}/validation`).set(manager).send({ validated: true });
    expect(validated.body).toMatchObject({ validatedBy: 'Bruno Garcia' });
    expect((await t.http.get(`/api/v1/audits/${m.audits.el}`).set(client)).status).toBe(200);
    expect((await t.http.get(`/api/v1/defects/${defect}`).set(client)).status).toBe(200);
    // …but never edits it, nor reads the raw field data.
    expect((await t.http.patch(`/api/v1/defects/${defect}`).set(client).send({ severity: 'info' })).status).toBe(403);
    expect((await t.http.get(`/api/v1/missions/${m.missionId}/audits`).set(client)).status).toBe(403);
    await t.http.post(`/api/v1/audits/${m.audits.el}/validation`).set(manager).send({ validated: false });
    expect((await t.http.get(`/api/v1/audits/${m.audits.el}`).set(client)).status).toBe(404);
  });

  it('sees a photo pending until its file arrives', async () => {
    const photo = await makePhoto({ seed: 42 });
    const sha256 = createHash('sha256').update(photo).digest('hex');
    const created = await t.http.post(`/api/v1/audits/${m.audits.el}/photos`).set(tech)
      .send({ category: 'el', sha256, mimeType: 'image/jpeg', sizeBytes: photo.length, filename: 'EL_0042.jpg' });
    expect(created.status, created.text).toBe(201);
    expect(created.body.fileState).toBe('pending');
    expect((await t.http.get(`/api/v1/audits/${m.audits.el}`).set(manager)).body.counts.photosPending).toBe(1);
    const upload = await t.http.post('/api/v1/files/uploads').set(tech).set('Tus-Resumable', '1.0.0').set('Upload-Length', String(photo.length))
      .set('Upload-Metadata', `sha256 ${Buffer.from(sha256).toString('base64')},mimeType ${Buffer.from('image/jpeg').toString('base64')},kind ${Buffer.from('photo').toString('base64')}`);
    await t.http.patch(upload.headers.location as string).set(tech).set('Tus-Resumable', '1.0.0').set('Upload-Offset', '0')
      .set('Content-Type', 'application/offset+octet-stream').send(photo);
    const after = await t.http.get(`/api/v1/photos/${created.body.id}`).set(manager);
    expect(after.body).toMatchObject({ fileState: 'present', width: 640, height: 480, gpsSource: 'exif' });
  });

  it('refuses what is not its to edit: another mission’s defect, a technician off the team', async () => {
    const outsider = await missionFixture(t.db.pool, { plant: 'ground', members: [] });
    const res = await t.http.post(`/api/v1/audits/${outsider.audits.el}/defects`).set(tech)
      .send({ moduleId: outsider.modules[0], defectType: 'microcrack', moduleStatus: 'microcracks', severity: 'warning', geom: await moduleCentroid(t.db.pool, outsider.modules[0] as string) });
    expect(res.status).toBe(403);
    const wrong = await t.http.post(`/api/v1/audits/${m.audits.el}/defects`).set(tech)
      .send({ moduleId: outsider.modules[0], defectType: 'microcrack', moduleStatus: 'microcracks', severity: 'warning', geom: await moduleCentroid(t.db.pool, m.modules[0] as string) });
    expect(wrong.status).toBe(404);
    expect(wrong.body.error).toMatchObject({ code: 'not_found', field: 'moduleId' });
    const noTarget = await t.http.post(`/api/v1/audits/${m.audits.el}/defects`).set(tech)
      .send({ targetKind: 'inverter', defectType: 'other', moduleStatus: 'ok', severity: 'info', geom: await moduleCentroid(t.db.pool, m.modules[0] as string) });
    expect(noTarget.status).toBe(400);
    expect(noTarget.body.error).toMatchObject({ code: 'constraint', field: 'targetId' });
  });
});

describe('marking a mission done', () => {
  it('waits until every module has a result, every non-conformity its photo, every photo its file', async () => {
    const mission = await missionFixture(t.db.pool, { auditTypes: ['el'] });
    const some = mission.modules.slice(0, 3);
    for (const module of some) {
      expect((await t.http.put(`/api/v1/audits/${mission.audits.el}/modules/${module}`).set(tech).send({})).status).toBe(200);
    }
    const answer = await t.http.post(`/api/v1/missions/${mission.missionId}/checklist-responses`).set(tech)
      .send({ templateId: mission.templateId, answers: { fence: 'damaged', ppe: true } });
    expect(answer.status, answer.text).toBe(201);
    expect(answer.body.id).toBe(checklistResponseId(mission.missionId, mission.templateId));

    const check = await t.http.get(`/api/v1/missions/${mission.missionId}/integrity`).set(manager);
    expect(check.body.complete).toBe(false);
    expect(check.body.modulesWithoutResult[0]).toMatchObject({ auditType: 'el', count: mission.modules.length - 3 });
    expect(check.body.nonConformitiesWithoutPhoto).toEqual([{ responseId: answer.body.id, template: 'Audit EL nocturne', fieldId: 'fence' }]);

    const refused = await t.http.post(`/api/v1/missions/${mission.missionId}/completion`).set(manager).set('Accept-Language', 'fr');
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(`la mission ne peut pas encore être terminée : ${mission.modules.length - 3} module(s) sans résultat, 1 non-conformité(s) sans photo`);

    // The technician finishes: every module, and the fence's photo.
    await t.db.pool.query(
      `insert into audit_modules (audit_id, module_id, plant_id) select $1, id, plant_id from modules where plant_id = $2 and deleted_at is null
       on conflict do nothing`, [mission.audits.el, mission.plantId]);
    const photo = await t.http.post(`/api/v1/audits/${mission.audits.el}/photos`).set(tech)
      .send({ category: 'context', sha256: 'b'.repeat(64), mimeType: 'image/jpeg', sizeBytes: 10 });
    await t.http.patch(`/api/v1/checklist-responses/${answer.body.id}`).set(tech).send({ answers: { fence: { value: 'damaged', photos: [photo.body.id] } } });
    const photoMissing = await t.http.get(`/api/v1/missions/${mission.missionId}/integrity`).set(manager);
    expect(photoMissing.body).toMatchObject({ complete: false, modulesWithoutResult: [], nonConformitiesWithoutPhoto: [], photosWithoutFile: [{ id: photo.body.id }] });
    await t.db.pool.query("insert into stored_files (sha256, kind, size_bytes, mime_type) values ($1, 'photo', 10, 'image/jpeg')", ['b'.repeat(64)]);

    const done = await t.http.post(`/api/v1/missions/${mission.missionId}/completion`).set(manager);
    expect(done.status, done.text).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', integrity: { complete: true } });
    const { rows } = await t.db.pool.query('select m.status, a.status as audit, a.finished_at from missions m join audits a on a.mission_id = m.id where m.id = $1', [mission.missionId]);
    expect(rows[0]).toMatchObject({ status: 'done', audit: 'done' });
    expect(rows[0].finished_at).not.toBeNull();
  });
});
