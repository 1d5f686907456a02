// What a fault run must prove (docs/sync.md §9): every operation applied once, with the
// result its device holds; every conflict answered is recorded; every photo is on the
// server with its SHA-256; the devices and the server hold the same rows.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Device } from '../device/index';
import { request } from '../device/http';

const COMPARED: Record<string, string[]> = {
  defects: ['id', 'severity', 'description', 'module_status', 'deleted_at'],
  audit_modules: ['audit_id', 'module_id', 'inspected_at', 'status'],
  photos: ['id', 'sha256', 'defect_id'],
  checklist_responses: ['id', 'answers'],
};

export interface Proof {
  operations: number;
  conflicts: number;
  photos: number;
  problems: string[];
}

export async function verify(pool: pg.Pool, serverUrl: string, token: string, devices: { device: Device; operations: string[]; photos: string[] }[], missionId: string): Promise<Proof> {
  const problems: string[] = [];
  const ids = devices.flatMap((d) => d.operations);
  const { rows: stored } = await pool.query<{ id: string; result: { status: string; conflicts?: { conflictId: string }[] } | null }>(
    'select id, result from sync_operations where id = any($1::uuid[])', [ids],
  );
  const byId = new Map(stored.map((r) => [r.id, r.result]));
  let conflicts = 0;
  for (const { device, operations } of devices) {
    for (const id of operations) {
      const server = byId.get(id);
      const local = device.store.state.results[id];
      if (!server) problems.push(`operation ${id} never reached the server`);
      else if (!local) problems.push(`operation ${id}: the device never got its result`);
      else if (server.status !== local.status) problems.push(`operation ${id}: server ${server.status}, device ${local.status}`);
      conflicts += server?.conflicts?.length ?? 0;
    }
  }
  const noted = [...byId.values()].flatMap((r) => r?.conflicts?.map((c) => c.conflictId) ?? []);
  const recorded = await pool.query<{ n: number }>('select count(*)::int as n from sync_conflicts where id = any($1::uuid[])', [noted]);
  if (recorded.rows[0]?.n !== noted.length) problems.push(`${noted.length} conflicts answered, ${recorded.rows[0]?.n} recorded`);

  const photos = devices.flatMap((d) => d.photos);
  for (const sha of photos) {
    const res = await request('GET', `${serverUrl}/api/v1/files/${sha}`, { headers: { authorization: `Bearer ${token}` } }).catch(() => null);
    const got = res ? createHash('sha256').update(res.raw).digest('hex') : null;
    if (res?.status !== 200) problems.push(`photo ${sha}: ${res?.status ?? 'no answer'}`);
    else if (got !== sha) problems.push(`photo ${sha}: the server's bytes hash to ${got}`);
  }

  for (const [table, columns] of Object.entries(COMPARED)) {
    const scope = table === 'audit_modules' || table === 'defects'
      ? 'audit_id in (select id from audits where mission_id = $1)'
      : 'mission_id = $1';
    const { rows } = await pool.query(`select to_jsonb(t) as row from ${table} t where ${scope} and deleted_at is null`, [missionId]);
    const server = new Set(lines(rows.map((r) => r.row as Record<string, unknown>), columns));
    for (const { device } of devices) {
      const local = new Set(lines(Object.values(device.store.state.rows[table] ?? {}), columns));
      const extra = [...local].filter((l) => !server.has(l));
      const missing = [...server].filter((l) => !local.has(l));
      if (process.env.SYNC_DEBUG && missing.length) {
        for (const line of missing.slice(0, 3)) {
          const id = (JSON.parse(line) as string[])[0] as string;
          const ops = await pool.query("select o.op, u.email, o.result->>'status' as status, o.device_time, o.received_at, o.batch_id from sync_operations o join users u on u.id = o.user_id where row_key = $1 order by received_at", [id]);
          console.log('MISSING', device.options.deviceId, id, JSON.stringify(ops.rows), 'outbox:', JSON.stringify(device.store.state.outbox.filter((o) => o.row_key.id === id)));
        }
      }
      if (extra.length || missing.length) {
        problems.push(`${table}: device ${device.options.deviceId} has ${extra.length} row(s) the server has not (${extra.slice(0, 2).join(' ')}), lacks ${missing.length} (${missing.slice(0, 2).join(' ')})`);
      }
    }
  }
  return { operations: ids.length, conflicts, photos: photos.length, problems };
}

const lines = (rows: Record<string, unknown>[], columns: string[]) => rows.map((r) => sorted(columns.map((c) => r[c] ?? null)));

// Instants as instants, objects with sorted keys: the same row reads the same on both sides.
function sorted(value: unknown): string {
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value)) return JSON.stringify(new Date(value).toISOString());
  if (Array.isArray(value)) return `[${value.map(sorted).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${sorted((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
