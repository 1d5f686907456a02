// The scenario folders of docs/sync.md §9, replayed against a real PostGIS:
//   scenarios/_base.sql             the world every scenario starts from
//   scenarios/<name>/server.sql     what the server holds besides (optional)
//   scenarios/<name>/device-<n>.json  { user, deviceId, batches: [{ step, batchId, missionId?, operations }] }
//   scenarios/<name>/expected.json  { results: { <operation id>: status | { status, code?, field? } },
//                                     rows: { <table>: [{ <key columns>, <column>: value, deleted?: bool }] },
//                                     conflicts: [{ table, key, kind, column, kept, serverValue?, deviceValue? }],
//                                     counts?: { <table>: n } }
// Batches of every device are sent in the order of their step (ties: device 1 first).
// The field app replays the same folders in the browser against its own device engine.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import type request from 'supertest';
import type { SessionUser } from '@calepin/core';

export const SCENARIOS_DIR = new URL('./scenarios/', import.meta.url).pathname;
export const BASE_MISSION = 'b0000000-0000-4000-8000-000000000001';

export interface DeviceFile {
  user: string;
  deviceId: string;
  batches: { step?: number; batchId: string; missionId?: string; operations: { id: string }[] }[];
}

type ExpectedResult = string | { status: string; code?: string; field?: string | null };

export interface Expected {
  results: Record<string, ExpectedResult>;
  rows?: Record<string, Record<string, unknown>[]>;
  conflicts?: Record<string, unknown>[];
  counts?: Record<string, number>;
}

export interface Scenario {
  name: string;
  serverSql: string;
  devices: DeviceFile[];
  expected: Expected;
}

export async function scenarioNames(): Promise<string[]> {
  return (await readdir(SCENARIOS_DIR, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

export async function readScenario(name: string): Promise<Scenario> {
  const dir = join(SCENARIOS_DIR, name);
  const files = await readdir(dir);
  const base = await readFile(join(SCENARIOS_DIR, '_base.sql'), 'utf8');
  const own = files.includes('server.sql') ? await readFile(join(dir, 'server.sql'), 'utf8') : '';
  const devices = await Promise.all(
    files.filter((f) => /^device-\d+\.json$/.test(f)).sort().map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as DeviceFile),
  );
  const expected = JSON.parse(await readFile(join(dir, 'expected.json'), 'utf8')) as Expected;
  return { name, serverSql: `${base}\n${own}`, devices, expected };
}

/** Sends every batch in step order; returns every operation's result by id. */
export async function replay(
  scenario: Scenario,
  http: ReturnType<typeof request>,
  token: (userId: string) => Promise<string>,
): Promise<Map<string, Record<string, unknown>>> {
  const sends = scenario.devices.flatMap((device, d) =>
    device.batches.map((batch, i) => ({ device, batch, order: [batch.step ?? i, d] as const })),
  );
  sends.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]);
  const results = new Map<string, Record<string, unknown>>();
  for (const { device, batch } of sends) {
    const res = await http
      .post('/api/v1/sync/push')
      .set({ Authorization: `Bearer ${await token(device.user)}` })
      .send({ protocol: 1, deviceId: device.deviceId, batchId: batch.batchId, missionId: batch.missionId ?? BASE_MISSION, operations: batch.operations });
    if (res.status !== 200) throw new Error(`${scenario.name}: batch ${batch.batchId} answered ${res.status} ${res.text}`);
    for (const result of res.body.results as Record<string, unknown>[]) results.set(result.id as string, result);
  }
  return results;
}

/** A user of the scenario with its token generation (an access token must carry it: migration 035). */
export async function sessionUser(pool: pg.Pool, id: string): Promise<{ user: SessionUser; generation: number }> {
  const { rows } = await pool.query<SessionUser & { generation: number }>(
    `select id, role, client_id as "clientId", email, full_name as "fullName", locale, token_generation as generation
       from users where id = $1`, [id],
  );
  const row = rows[0];
  if (!row) throw new Error(`no user ${id} in the scenario`);
  const { generation, ...user } = row;
  return { user, generation };
}

const KEYS: Record<string, string[]> = { audit_modules: ['audit_id', 'module_id'], mission_members: ['mission_id', 'user_id'] };

/** The rows named by `expected.rows`, with the same columns, as the server holds them now. */
export async function actualRows(pool: pg.Pool, expected: Record<string, Record<string, unknown>[]>): Promise<Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const [table, rows] of Object.entries(expected)) {
    if (!/^[a-z_]+$/.test(table)) throw new Error(`bad table ${table}`);
    const key = KEYS[table] ?? ['id'];
    out[table] = [];
    for (const want of rows) {
      const where = key.map((k, i) => `${k} = $${i + 1}`).join(' and ');
      const { rows: found } = await pool.query(
        `select to_jsonb(t) || jsonb_build_object('deleted', t.deleted_at is not null) as row
           from ${table} t where ${where}`,
        key.map((k) => want[k]),
      );
      const row = (found[0]?.row ?? null) as Record<string, unknown> | null;
      out[table].push(row ? Object.fromEntries(Object.keys(want).map((c) => [c, normalise(row[c])])) : { missing: key.map((k) => want[k]).join(':') });
    }
  }
  return out;
}

// Instants compare as instants: the database answers in its own zone.
const normalise = (value: unknown) =>
  typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(value) ? new Date(value).toISOString() : value;

export const normaliseExpected = (rows: Record<string, Record<string, unknown>[]>) =>
  Object.fromEntries(Object.entries(rows).map(([t, list]) => [t, list.map((r) => Object.fromEntries(Object.entries(r).map(([c, v]) => [c, normalise(v)])))]));

export async function actualConflicts(pool: pg.Pool): Promise<Record<string, unknown>[]> {
  const { rows } = await pool.query(
    `select table_name as "table", row_key as key, kind, column_name as column, kept,
            server_value as "serverValue", device_value as "deviceValue"
       from sync_conflicts order by created_at, table_name, row_key::text, column_name`,
  );
  return rows;
}
