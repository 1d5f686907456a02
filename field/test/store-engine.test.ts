// The device store's engine on a real mission package from a real gis-server: writes with
// their outbox rows, derived results, the GeoPackage kept valid for GDAL, device-built tiles,
// a pulled page rebased under waiting edits, and the refusals.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader as Pbf } from 'pbf';
import type { Database } from '@sqlite.org/sqlite-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tileAt } from '@calepin/core';
import { type TestApp, testApp } from '../../test-support/app';
import { preparePackage, summary } from '../src/store/engine/open';
import { queries } from '../src/store/engine/queries';
import { waiting } from '../src/store/engine/outbox';
import { applyPage } from '../src/store/engine/pull';
import { type DeviceContext, write } from '../src/store/engine/write';
import { buildTile } from '../src/store/tiles/build';
import { TableStatuses } from '../src/store/tiles/table-statuses';
import { StoreError } from '../src/store/types';
import { exportBytes, openBytes } from './sqlite';
import { type TestMission, downloadPackage, makeMission } from './support';

let t: TestApp;
let mission: TestMission;
let bytes: Uint8Array;
let db: Database;
let ctx: DeviceContext;
let module: { id: string; code: string; x: number; y: number; table_id: string };
const dir = mkdtempSync(join(tmpdir(), 'calepin-field-engine-'));

beforeAll(async () => {
  t = await testApp();
  mission = await makeMission(t.db.pool);
  bytes = await downloadPackage(t, mission.id);
  db = openBytes(bytes);
  preparePackage(db);
  ctx = { userId: mission.technicianId, plantId: mission.plantId, missionId: mission.id };
  const { rows } = await t.db.pool.query(
    `select id, code, st_x(st_centroid(geom)) as x, st_y(st_centroid(geom)) as y, table_id from modules
      where plant_id = $1 and deleted_at is null order by code limit 1`, [mission.plantId]);
  module = rows[0];
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

const defect = (id: string, values: Record<string, unknown> = {}) => ({
  table: 'defects' as const, op: 'create' as const, key: { id },
  values: {
    audit_id: mission.audits.el, target_kind: 'module', module_id: module.id, defect_type: 'microcrack', module_status: 'microcracks',
    severity: 'warning', geom: { type: 'Point', coordinates: [module.x, module.y] }, ...values,
  },
});

const validate = (file: string) =>
  execFileSync('/usr/bin/python3', ['/usr/share/doc/python3-gdal/examples/validate_gpkg.py', file], { encoding: 'utf8' }).trim();

describe('the device store engine', () => {
  it('opens the mission package and summarises it', () => {
    const s = summary(db);
    expect(s.missionId).toBe(mission.id);
    expect(s.plantId).toBe(mission.plantId);
    expect(s.audits.map((a) => a.audit_type).sort()).toEqual(['el', 'visual']);
    expect(s.members.map((m) => m.role)).toEqual(['lead']);
    expect(s.modules).toBeGreaterThan(200);
    expect(s.bounds[0]).toBeLessThan(s.bounds[2]);
    expect(s.deviceId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes a defect, the module’s inspection and their outbox operations in one transaction, and GDAL reads the file', () => {
    const id = crypto.randomUUID();
    const result = write(db, defect(id), ctx);
    expect(result.row?.severity).toBe('warning');
    expect(result.statuses).toContainEqual({ auditId: mission.audits.el, moduleId: module.id, status: 'microcracks' });
    const ops = waiting(db);
    expect(ops.map((o) => [o.table_name, o.op])).toEqual([['audit_modules', 'create'], ['defects', 'create']]);
    expect(ops[1]?.columns.geom).toEqual({ new: { type: 'Point', coordinates: [module.x, module.y] } });
    expect(ops[1]?.device_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
    // The R-tree trigger ran (it calls ST_MinX… which the store provides) and the extent covers the point.
    expect(db.selectValue('select count(*) from rtree_defects_geom r join defects d on d.fid = r.id where d.id = ?', [id])).toBe(1);
    const extent = db.selectObject("select min_x, max_x, min_y, max_y from gpkg_contents where table_name = 'defects'")!;
    expect(Number(extent.min_x)).toBeLessThanOrEqual(module.x);
    expect(Number(extent.max_y)).toBeGreaterThanOrEqual(module.y);

    const file = join(dir, 'after-write.gpkg');
    writeFileSync(file, exportBytes(db));
    expect(validate(file)).toBe('');
    const info = execFileSync('ogrinfo', ['-ro', file, '-sql', `select id, severity, module_status, geom from defects where id = '${id}'`], { encoding: 'utf8' });
    expect(info).toContain(`id (String) = ${id}`);
    expect(info).toContain('severity (String) = warning');
    expect(info).toMatch(new RegExp(`POINT \\(${module.x.toFixed(4)}\\d* ${module.y.toFixed(4)}`));
  });

  it('folds edits of a waiting row into one operation, and a delete cancels a waiting create', () => {
    const id = crypto.randomUUID();
    const before = waiting(db).length;
    write(db, defect(id, { module_id: module.id }), ctx);
    write(db, { table: 'defects', op: 'patch', key: { id }, values: { severity: 'urgent' } }, ctx);
    write(db, { table: 'defects', op: 'patch', key: { id }, values: { description: 'Fissure en étoile' } }, ctx);
    const op = waiting(db).find((o) => o.row_key === JSON.stringify({ id }))!;
    expect(op.op).toBe('create');
    expect(op.columns.severity).toEqual({ new: 'urgent' });
    expect(op.columns.description).toEqual({ new: 'Fissure en étoile' });
    write(db, { table: 'defects', op: 'delete', key: { id } }, ctx);
    expect(waiting(db).length).toBe(before);
  });

  it('builds the map’s tiles from the package with the tile-server’s layers', () => {
    const statuses = new TableStatuses(db);
    const mode = { audit: mission.audits.el as string };
    const at18 = tileAt(module.x, module.y, 18);
    const tile = new VectorTile(new Pbf(buildTile({ db, plantId: mission.plantId, statuses }, at18, mode)!));
    const modules = tile.layers.modules!;
    const found = Array.from({ length: modules.length }, (_, i) => modules.feature(i).properties).find((p) => p.id === module.id);
    expect(found).toMatchObject({ code: module.code, status: 'microcracks' });
    expect(Object.keys(tile.layers)).toEqual(expect.arrayContaining(['plants', 'tables', 'strings', 'modules', 'defects']));
    // At z16 the modules layer holds each table in its majority status (pending: one module of the table is inspected).
    const at16 = tileAt(module.x, module.y, 16);
    const mid = new VectorTile(new Pbf(buildTile({ db, plantId: mission.plantId, statuses }, at16, mode)!)).layers.modules!;
    const table = Array.from({ length: mid.length }, (_, i) => mid.feature(i).properties).find((p) => p.table_id === module.table_id);
    expect(table).toMatchObject({ status: 'pending' });
    expect(statuses.counts(mode).microcracks).toBe(1);
  });

  it('applies a pulled page in one transaction and keeps waiting edits over it (rebase)', () => {
    const id = crypto.randomUUID();
    write(db, defect(id), ctx);
    // The server has the defect (pushed earlier) with an office correction; the device has a waiting patch.
    db.exec("update calepin_outbox set state = 'applied' where state in ('pending', 'sent')");
    db.exec("delete from calepin_outbox where state = 'applied'");
    write(db, { table: 'defects', op: 'patch', key: { id }, values: { description: 'vu de près' } }, ctx);
    const serverRow = { id, audit_id: mission.audits.el, module_id: module.id, target_kind: 'module', defect_type: 'microcrack',
      module_status: 'dead', severity: 'urgent', description: 'corrigé au bureau', source: 'manual', revision: 99,
      observed_at: '2026-12-06T22:41:07.120+01:00', created_at: '2026-12-06T21:41:07.120+00:00', updated_at: '2026-12-06T21:50:00+00:00',
      geom: { type: 'Point', coordinates: [module.x, module.y] }, review: 'corrected' };
    const page = applyPage(db, [{ table: 'defects', key: { id }, op: 'upsert', revision: 99, row: serverRow }], 'cursor-1', 42);
    expect(page.applied).toBe(1);
    const row = db.selectObject('select severity, module_status, description, observed_at from defects where id = ?', [id])!;
    expect(row).toMatchObject({ severity: 'urgent', module_status: 'dead', description: 'vu de près', observed_at: '2026-12-06T21:41:07.120Z' });
    expect(page.statuses).toContainEqual({ auditId: mission.audits.el, moduleId: module.id, status: 'dead' });
    expect(db.selectValue("select value from calepin_sync_state where key = 'cursor'")).toBe('cursor-1');
    // A delete from the server wins over the waiting patch.
    applyPage(db, [{ table: 'defects', key: { id }, op: 'delete', revision: 100 }], 'cursor-2', 42);
    expect(db.selectValue('select count(*) from defects where id = ?', [id])).toBe(0);
  });

  it('keeps the team chat: in the package, written on the device (waiting), pulled; a package from before gets the table', async () => {
    const office = crypto.randomUUID();
    await t.db.pool.query(
      `insert into chat_messages (id, mission_id, plant_id, author_id, body, module_id, sent_at)
       values ($1, $2, $3, $4, 'Commencez par la rangée A', $5, '2026-12-06T21:00:00Z')`,
      [office, mission.id, mission.plantId, mission.technicianId, module.id]);
    const chatDb = openBytes(await downloadPackage(t, mission.id));
    preparePackage(chatDb);
    const mine = crypto.randomUUID();
    write(chatDb, { table: 'chat_messages', op: 'create', key: { id: mine }, values: { body: 'Vu', module_id: null, photo_id: null, sent_at: '2026-12-06T21:05:00.000Z' } }, ctx);
    expect(waiting(chatDb).map((o) => [o.table_name, o.op, Object.keys(o.columns).sort()])).toEqual([['chat_messages', 'create', ['body', 'module_id', 'photo_id', 'sent_at']]]);
    const pulled = crypto.randomUUID();
    applyPage(chatDb, [{ table: 'chat_messages', key: { id: pulled }, op: 'upsert', revision: 7,
      row: { id: pulled, mission_id: mission.id, author_id: mission.technicianId, body: 'Bien reçu', module_id: null, photo_id: null, sent_at: '2026-12-06T22:10:00+01:00',
        created_at: '2026-12-06T21:10:01Z', updated_at: '2026-12-06T21:10:01Z', revision: 7 } }], 'cursor-chat', null);
    const chat = queries.chat(chatDb);
    expect(chat.map((m) => [m.id, m.body, m.waiting, m.sent_at])).toEqual([
      [office, 'Commencez par la rangée A', false, '2026-12-06T21:00:00.000Z'],
      [mine, 'Vu', true, '2026-12-06T21:05:00.000Z'],
      [pulled, 'Bien reçu', false, '2026-12-06T21:10:00.000Z'],
    ]);
    expect(chat[0]).toMatchObject({ module_id: module.id, module_code: module.code, author_id: mission.technicianId });
    expect(chat[0]?.author_name).toBeTruthy();

    // A package downloaded before the chat existed: the table is added, empty, and the file stays a valid GeoPackage.
    const old = openBytes(bytes);
    old.exec("drop table chat_messages; delete from gpkg_contents where table_name = 'chat_messages'");
    preparePackage(old);
    expect(queries.chat(old)).toEqual([]);
    const file = join(dir, 'old-package.gpkg');
    writeFileSync(file, exportBytes(old));
    expect(validate(file)).toBe('');
  });

  it('refuses what the server would refuse, and files that are not mission packages', () => {
    expect(() => write(db, { table: 'defects', op: 'patch', key: { id: crypto.randomUUID() }, values: { severity: 'info' } }, ctx))
      .toThrow(StoreError);
    expect(() => write(db, { table: 'defects', op: 'create', key: { id: crypto.randomUUID() }, values: { plant_id: mission.plantId } }, ctx))
      .toThrow(/plant_id is not a column the device writes/);
    expect(() => write(db, { table: 'photos', op: 'patch', key: { id: 'x' }, values: { sha256: 'a'.repeat(64) } }, ctx)).toThrow(StoreError);
    const garbage = openBytes(new TextEncoder().encode('not a database at all, just some text that is long enough'.repeat(100)));
    expect(() => preparePackage(garbage)).toThrow(StoreError);
  });
});
