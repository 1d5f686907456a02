// The sync, audit and field-file routes in the permission matrix (permissions.test.ts): who
// may call them, and a request that succeeds for an allowed role, on the demo's rooftop
// mission (the demo technician is on its team, its EL audit is validated).
import { createHash, randomUUID } from 'node:crypto';
import type { Role } from '@calepin/core';
import type { TestApp } from '../../test-support/app';
import { bearer } from '../../test-support/app';
import { makePhoto } from '../../test-support/photos';

const ALL = ['admin', 'manager', 'technician', 'client'] as const;
const MANAGERS = ['admin', 'manager'] as const;
const STAFF = ['admin', 'manager', 'technician'] as const;

export const SYNC_EXPECTED: Record<string, readonly Role[]> = {
  'POST /sync/push': STAFF,
  'GET /sync/missions/{missionId}/changes': STAFF,
  'GET /missions/{missionId}/conflicts': STAFF,
  'POST /conflicts/{conflictId}/revert': MANAGERS,
  'GET /files/{sha256}': STAFF,
  'GET /photos/{photoId}/file': ALL,
  'GET /defects/{defectId}/voice-note': ALL,
  'GET /missions/{missionId}/audits': STAFF,
  'GET /plants/{plantId}/audits': ALL,
  'GET /audits/{auditId}': ALL,
  'POST /missions/{missionId}/audits': MANAGERS,
  'PATCH /audits/{auditId}': STAFF,
  'DELETE /audits/{auditId}': MANAGERS,
  'POST /audits/{auditId}/validation': MANAGERS,
  'GET /audits/{auditId}/modules': ALL,
  'PUT /audits/{auditId}/modules/{moduleId}': STAFF,
  'DELETE /audits/{auditId}/modules/{moduleId}': STAFF,
  'GET /audits/{auditId}/defects': ALL,
  'GET /defects/{defectId}': ALL,
  'POST /audits/{auditId}/defects': STAFF,
  'PATCH /defects/{defectId}': STAFF,
  'DELETE /defects/{defectId}': STAFF,
  'POST /defects/{defectId}/review': MANAGERS,
  'GET /audits/{auditId}/photos': ALL,
  'GET /photos/{photoId}': ALL,
  'POST /audits/{auditId}/photos': STAFF,
  'PATCH /photos/{photoId}': STAFF,
  'DELETE /photos/{photoId}': STAFF,
  'GET /missions/{missionId}/checklist-responses': STAFF,
  'POST /missions/{missionId}/checklist-responses': STAFF,
  'PATCH /checklist-responses/{responseId}': STAFF,
  'GET /missions/{missionId}/integrity': STAFF,
  'GET /missions/{missionId}/progress': STAFF,
  'POST /missions/{missionId}/completion': MANAGERS,
};

interface World {
  mission: string;
  audit: string;
  defect: string;
  photo: string;
  photoSha: string;
  template: string;
  response: string;
}

const worlds = new WeakMap<TestApp, Promise<World>>();

async function upload(t: TestApp, bytes: Buffer, kind: 'photo' | 'voice', mimeType: string): Promise<string> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const meta = Object.entries({ sha256, kind, mimeType }).map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`).join(',');
  const tech = bearer(await t.token('technician'));
  const created = await t.http.post('/api/v1/files/uploads').set(tech).set('Tus-Resumable', '1.0.0').set('Upload-Length', String(bytes.length)).set('Upload-Metadata', meta);
  const done = await t.http.patch(created.headers.location as string).set(tech).set('Tus-Resumable', '1.0.0').set('Upload-Offset', '0')
    .set('Content-Type', 'application/offset+octet-stream').send(bytes);
  if (done.status !== 204) throw new Error(`upload failed: ${done.status} ${done.text}`);
  return sha256;
}

async function world(t: TestApp): Promise<World> {
  const q = async <T>(sql: string, params: unknown[] = []) => (await t.db.pool.query(sql, params)).rows[0] as T;
  const { mission, audit } = await q<{ mission: string; audit: string }>(
    "select m.id as mission, a.id as audit from missions m join audits a on a.mission_id = m.id where m.reference = 'OM-2025-098'",
  );
  const { defect } = await q<{ defect: string }>('select id as defect from defects where audit_id = $1 and deleted_at is null order by id limit 1', [audit]);
  const photoSha = await upload(t, await makePhoto({ seed: 901 }), 'photo', 'image/jpeg');
  const voice = await upload(t, Buffer.from(`voice note ${randomUUID()}`), 'voice', 'audio/webm');
  await t.db.pool.query('update defects set voice_note_key = $2 where id = $1', [defect, voice]);
  const { photo } = await q<{ photo: string }>(
    `insert into photos (plant_id, mission_id, audit_id, defect_id, category, sha256, storage_key, mime_type, size_bytes)
     select plant_id, $1, $2, $3, 'el', $4, 'photos/' || left($4, 2) || '/' || $4, 'image/jpeg', 1 from audits where id = $2 returning id as photo`,
    [mission, audit, defect, photoSha],
  );
  const { template } = await q<{ template: string }>('select id as template from checklist_templates order by name limit 1');
  const res = await t.http.post(`/api/v1/missions/${mission}/checklist-responses`).set(bearer(await t.token('manager'))).send({ templateId: template, answers: { ppe: true } });
  if (res.status !== 201) throw new Error(`checklist response: ${res.status} ${res.text}`);
  return { mission, audit, defect, photo, photoSha, template, response: res.body.id };
}

/** A request that succeeds for an allowed role, or null when the route is not one of these. */
export async function syncRequest(key: string, t: TestApp, plant: string, module: string): Promise<{ path: string; body?: object } | null> {
  if (!(key in SYNC_EXPECTED)) return null;
  const w = await (worlds.get(t) ?? worlds.set(t, world(t)).get(t)!);
  const q = async <T>(sql: string, params: unknown[] = []) => (await t.db.pool.query(sql, params)).rows[0] as T;
  const freshMission = async (types: string[]) =>
    (await q<{ id: string }>(
      `with m as (insert into missions (plant_id, reference, title, audit_types) values ($1, $2, 'Permissions', $3) returning id),
            team as (insert into mission_members (mission_id, user_id) select m.id, u.id from m, users u where u.email = 'tech@calepin.test')
       select id from m`,
      [plant, `OM-P-${randomUUID().slice(0, 8)}`, types],
    )).id;
  const path = key.split(' ')[1] as string;
  const fill = (p: string, values: Record<string, string>) => p.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`);
  const base = { plantId: plant, missionId: w.mission, auditId: w.audit, defectId: w.defect, photoId: w.photo, moduleId: module, sha256: w.photoSha, responseId: w.response };
  switch (key) {
    case 'POST /sync/push':
      return { path, body: { protocol: 1, deviceId: 'perm', batchId: randomUUID(), missionId: w.mission, operations: [] } };
    case 'POST /conflicts/{conflictId}/revert': {
      const { id } = await q<{ id: string }>(
        `insert into sync_conflicts (mission_id, table_name, row_key, kind, column_name, kept, server_value, device_value, device_time, device_operation_id)
         values ($1, 'defects', jsonb_build_object('id', $2::text), 'column', 'description', 'server', 'null', '"revert me"', now(), gen_random_uuid()) returning id`,
        [w.mission, w.defect],
      );
      return { path: fill(path, { conflictId: id }) };
    }
    case 'POST /missions/{missionId}/audits':
      return { path: fill(path, { missionId: await freshMission(['el', 'iv']) }), body: { auditType: 'iv' } };
    case 'DELETE /audits/{auditId}': {
      const { id } = await q<{ id: string }>("insert into audits (plant_id, mission_id, audit_type) values ($1, $2, 'iv') returning id", [plant, w.mission]);
      return { path: fill(path, { auditId: id }) };
    }
    case 'PATCH /audits/{auditId}':
      return { path: fill(path, base), body: { conditions: { weather: 'nuit claire' } } };
    case 'POST /audits/{auditId}/validation':
      return { path: fill(path, base), body: { validated: true } };
    case 'PUT /audits/{auditId}/modules/{moduleId}':
      return { path: fill(path, base), body: {} };
    case 'POST /audits/{auditId}/defects': {
      const { geom } = await q<{ geom: object }>('select st_asgeojson(st_centroid(geom))::json as geom from modules where id = $1', [module]);
      return { path: fill(path, base), body: { moduleId: module, defectType: 'soiling', moduleStatus: 'ok', severity: 'info', geom } };
    }
    case 'PATCH /defects/{defectId}':
      return { path: fill(path, base), body: { description: 'vu au bureau' } };
    case 'DELETE /defects/{defectId}': {
      const { id } = await q<{ id: string }>(
        `insert into defects (plant_id, audit_id, module_id, defect_type, module_status, severity, geom)
         select plant_id, $1, id, 'soiling', 'ok', 'info', st_centroid(geom) from modules where id = $2 returning id`,
        [w.audit, module],
      );
      return { path: fill(path, { defectId: id }) };
    }
    case 'POST /defects/{defectId}/review':
      return { path: fill(path, base), body: { decision: 'accepted' } };
    case 'POST /audits/{auditId}/photos':
      return { path: fill(path, base), body: { category: 'context', sha256: 'c'.repeat(64), mimeType: 'image/jpeg', sizeBytes: 1000 } };
    case 'PATCH /photos/{photoId}':
      return { path: fill(path, base), body: { caption: 'vue d’ensemble' } };
    case 'DELETE /photos/{photoId}': {
      const { id } = await q<{ id: string }>(
        `insert into photos (plant_id, mission_id, audit_id, category, sha256, storage_key, mime_type, size_bytes)
         values ($1, $2, $3, 'context', $4, 'x', 'image/jpeg', 1) returning id`,
        [plant, w.mission, w.audit, 'd'.repeat(64)],
      );
      return { path: fill(path, { photoId: id }) };
    }
    case 'POST /missions/{missionId}/checklist-responses':
      return { path: fill(path, base), body: { templateId: w.template, answers: { notes: 'RAS' } } };
    case 'PATCH /checklist-responses/{responseId}':
      return { path: fill(path, base), body: { answers: { ppe: true } } };
    case 'POST /missions/{missionId}/completion': {
      const id = await freshMission(['iv']);
      await t.db.pool.query("insert into audits (plant_id, mission_id, audit_type) values ($1, $2, 'iv')", [plant, id]);
      return { path: fill(path, { missionId: id }) };
    }
    default:
      return { path: fill(path, base) };
  }
}
