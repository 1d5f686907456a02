// The office reviews what came in from the field (issue 16), in a real browser: an audit's
// defects on the map and in a table, their photos beside them ("photo pending" until the
// file arrives), accept / correct / reject, checklist answers, a conflict reverted, and the
// integrity check before "mark the mission done".
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { checklistResponseId } from '@calepin/core/sync';
import { makePhoto } from '../../test-support/photos';
import { type E2e, apiJson, apiToken, login, mapIdle, screenshot, startE2e } from '../support';

let e2e: E2e;
let auditId: string;
let missionId: string;
let tech: string;
let manager: string;
const defects: string[] = [];

async function push(operations: unknown[]) {
  const answer = await apiJson<{ results: { status: string }[] }>(e2e.base, tech, 'POST', '/sync/push',
    { protocol: 1, deviceId: 'e2e-tablet', batchId: randomUUID(), missionId, operations });
  expect(answer.results.every((r) => r.status !== 'rejected')).toBe(true);
  return answer.results;
}

async function upload(bytes: Buffer) {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const meta = Object.entries({ sha256, kind: 'photo', mimeType: 'image/jpeg', filename: 'EL.jpg' }).map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`).join(',');
  const created = await fetch(`${e2e.base}/api/v1/files/uploads`, {
    method: 'POST', headers: { authorization: `Bearer ${tech}`, 'tus-resumable': '1.0.0', 'upload-length': String(bytes.length), 'upload-metadata': meta },
  });
  const done = await fetch(new URL(created.headers.get('location') as string, e2e.base), {
    method: 'PATCH', body: new Uint8Array(bytes),
    headers: { authorization: `Bearer ${tech}`, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
  });
  expect(done.status).toBe(204);
}

beforeAll(async () => {
  e2e = await startE2e();
  const pool = e2e.db.pool;
  const plant = (await pool.query('select id from plants where name = $1', [DEMO_PLANTS.rooftop.name])).rows[0].id;
  missionId = randomUUID();
  auditId = randomUUID();
  await pool.query("insert into missions (id, plant_id, reference, title, audit_types, status) values ($1, $2, 'OM-E2E-1', 'Audit EL de nuit', '{el}', 'in_progress')", [missionId, plant]);
  await pool.query("insert into mission_members (mission_id, user_id) select $1, id from users where email = 'tech@calepin.test'", [missionId]);
  await pool.query("insert into audits (id, plant_id, mission_id, audit_type, status, started_at) values ($1, $2, $3, 'el', 'in_progress', now() - interval '3 hours')", [auditId, plant, missionId]);
  tech = await apiToken(e2e.base, 'technician');
  manager = await apiToken(e2e.base, 'manager');

  // The night's work: results on 40 modules, defects on six of them, photos (one never uploaded).
  const modules = (await pool.query<{ id: string; p: { type: 'Point'; coordinates: [number, number] } }>(
    'select id, st_asgeojson(st_centroid(geom))::json as p from modules where plant_id = $1 order by code limit 40', [plant])).rows;
  const night = Date.now() - 2 * 3600_000;
  const at = (minutes: number) => new Date(night + minutes * 60_000).toISOString();
  const ops: unknown[] = modules.map((m, i) => ({
    id: randomUUID(), table: 'audit_modules', key: { audit_id: auditId, module_id: m.id }, op: 'create', deviceTime: at(i), columns: { inspected_at: { new: at(i) } },
  }));
  const findings = [['microcrack', 'microcracks', 'warning'], ['dead_module', 'dead', 'urgent'], ['cell_inequality', 'inequality', 'info'],
    ['microcrack', 'microcracks', 'urgent'], ['soiling', 'ok', 'info'], ['not_connected', 'not_connected', 'warning']] as const;
  for (const [i, [type, status, severity]] of findings.entries()) {
    const id = randomUUID();
    defects.push(id);
    const m = modules[i * 6] as (typeof modules)[number];
    ops.push({ id: randomUUID(), table: 'defects', key: { id }, op: 'create', deviceTime: at(i * 6 + 1), columns: {
      audit_id: { new: auditId }, module_id: { new: m.id }, defect_type: { new: type }, module_status: { new: status },
      severity: { new: severity }, geom: { new: m.p }, description: { new: i === 1 ? 'module noir, connecteur fondu' : null },
    } });
    if (i < 3) {
      const photo = await makePhoto({ seed: 7000 + i, width: 960, height: 720 });
      if (i < 2) await upload(photo);
      ops.push({ id: randomUUID(), table: 'photos', key: { id: randomUUID() }, op: 'create', deviceTime: at(i * 6 + 2), columns: {
        audit_id: { new: auditId }, defect_id: { new: id }, module_id: { new: m.id }, category: { new: 'el' },
        sha256: { new: createHash('sha256').update(photo).digest('hex') }, mime_type: { new: 'image/jpeg' }, size_bytes: { new: photo.length },
      } });
    }
  }
  // The demo's EL template (its items: ppe, fence, ambient), not one of migration 070's.
  const template = (await pool.query("select id from checklist_templates where name = 'Audit EL nocturne'")).rows[0].id;
  ops.push({ id: randomUUID(), table: 'checklist_responses', key: { id: checklistResponseId(missionId, template) }, op: 'create', deviceTime: at(50),
    columns: { template_id: { new: template }, 'answers.ppe': { new: true }, 'answers.fence': { new: 'damaged' }, 'answers.ambient': { new: 14 } } });
  await push(ops);

  // The office corrects a severity; the technician's older offline change arrives after: a conflict.
  await apiJson(e2e.base, manager, 'PATCH', `/defects/${defects[2]}`, { severity: 'warning' });
  await push([{ id: randomUUID(), table: 'defects', key: { id: defects[2] }, op: 'patch', deviceTime: at(30), columns: { severity: { old: 'info', new: 'urgent' } } }]);
});
afterAll(() => e2e?.close());

async function openReview(page: Page) {
  await login(page, 'manager');
  await page.goto(`/audits/${auditId}/review`);
  await page.waitForSelector('[data-testid=defects-table]');
  await mapIdle(page);
}

describe('the review of an audit', () => {
  it('shows the defects on the map and in a table, photos beside, and takes decisions', async () => {
    const page = await e2e.page('en-US');
    await openReview(page);
    await expect(page.locator('[data-testid=defect-row]').count()).resolves.toBe(6);
    await expect(page.locator('[data-testid=pending-flag]').count()).resolves.toBe(1);

    // The dead module first (worst first): its photo beside it.
    await page.locator('[data-testid=defect-row]').first().click();
    await page.waitForSelector('[data-testid=review-photo-large]');
    await mapIdle(page);
    await screenshot(page, 'review-defects');

    await page.click('[data-testid=accept]');
    await expect.poll(() => page.locator('[data-testid=defect-detail] .review-accepted').count()).toBe(1);

    // Correct the next one: the office's change marks it corrected.
    await page.locator('[data-testid=defect-row]').nth(1).click();
    await page.click('[data-testid=correct]');
    await page.selectOption('[data-testid=correct-severity]', 'urgent');
    await page.click('[data-testid=save-correction]');
    await expect.poll(() => page.locator('[data-testid=defect-detail] .review-corrected').count()).toBe(1);

    // A defect whose photo never came: "photo pending".
    const pending = page.locator('[data-testid=defect-row]', { has: page.locator('[data-testid=pending-flag]') });
    await pending.click();
    // Waited for: the detail of the clicked row is drawn after the click returns.
    await expect.poll(() => page.locator('[data-testid=review-photo][data-file-state=pending]').count()).toBe(1);

    // Reject the soiling: it leaves the table.
    const soiling = page.locator('[data-testid=defect-row]', { hasText: 'Soiling' });
    await soiling.click();
    await page.click('[data-testid=reject]');
    await expect.poll(() => page.locator('[data-testid=defect-row]').count()).toBe(5);
  });

  it('lists the checklist answers and a conflict, which the office reverts', async () => {
    const page = await e2e.page('fr-FR');
    await openReview(page);
    await page.click('[data-testid=tab-checklist]');
    await page.waitForSelector('[data-testid=nonconformity]');
    await expect(page.locator('[data-testid=checklist-panel]').textContent()).resolves.toContain('Non-conformité');
    await screenshot(page, 'review-checklist');

    await page.click('[data-testid=tab-conflicts]');
    await page.waitForSelector('[data-testid=conflict-row]');
    await screenshot(page, 'review-conflicts');
    await page.click('[data-testid=revert]');
    await expect.poll(() => page.locator('[data-testid=conflict-row]').first().textContent()).toContain('Annulé par Bruno Garcia');
    const severity = (await e2e.db.pool.query('select severity from defects where id = $1', [defects[2]])).rows[0].severity;
    expect(severity).toBe('urgent');
  });

  it('says what is missing before the mission can be marked done', async () => {
    const page = await e2e.page('en-US');
    await openReview(page);
    await page.click('[data-testid=tab-completion]');
    await page.waitForSelector('[data-testid=integrity-problems]');
    const text = await page.locator('[data-testid=integrity-problems]').textContent();
    expect(text).toContain('module(s) without a result');
    expect(text).toContain('Non-conformity without a photo: fence');
    expect(text).toContain('Photo whose file has not arrived');
    await expect(page.locator('[data-testid=mark-done]').isDisabled()).resolves.toBe(true);
    await screenshot(page, 'review-completion');
  });
});
