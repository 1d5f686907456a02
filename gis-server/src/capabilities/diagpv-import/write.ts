// Carries out an import plan in one transaction: clients, plants, the grid of a plant
// that has no layout yet, and each audit not imported before, with its module results.
import { type DiagpvImport, type DiagpvImported, type Point, suggestProjectedSrid } from '@calepin/core';
import type { PoolClient } from 'pg';
import { badRequest } from '../../http/errors';
import { insertModules, wkt } from '../../editing/place';
import { SEVERITIES } from './mapping';
import type { DiagpvAudit } from './model';
import { type ImportPlan, type PlantPlan, clientKey, matchModule, plantKey } from './plan';
import { layOutGrid } from './grid';

async function remember(tx: PoolClient, kind: 'client' | 'plant' | 'audit', key: string, id: string, sha256: string, userId: string) {
  await tx.query(
    `insert into import_refs (source, kind, external_key, target_id, file_sha256, imported_by) values ('diagpv', $1, $2, $3, $4, $5)
     on conflict (source, kind, external_key) do update set target_id = excluded.target_id, file_sha256 = excluded.file_sha256,
       imported_by = excluded.imported_by, imported_at = now()`,
    [kind, key, id, sha256, userId],
  );
}

const midpoint = (ring: Point[]): Point => {
  const [a, , c] = ring as [Point, Point, Point];
  return [(a[0] + c[0]) / 2, (a[1] + c[1]) / 2];
};

/** Lays the grid out and returns our module id per code. */
async function createLayout(tx: PoolClient, plantId: string, srid: number, plant: PlantPlan, at: Point, azimuthDeg: number) {
  const { rows: [anchor] } = await tx.query<{ x: number; y: number }>(
    'select st_x(p) as x, st_y(p) as y from st_transform(st_setsrid(st_point($1, $2), 4326), $3::int) p', [at[0], at[1], srid]);
  const tables = layOutGrid(plant.grid, [anchor?.x ?? 0, anchor?.y ?? 0], azimuthDeg);
  const { rows: tableRows } = await tx.query<{ id: string; code: string }>(
    `insert into tables (plant_id, code, tilt_deg, azimuth_deg, row_count, column_count, orientation, geom)
     select $1, 'R' || u.row, 0, $3, 1, u.ncols, 'portrait', st_transform(st_geomfromtext(u.wkt, $2), 4326)
       from unnest($4::int[], $5::int[], $6::text[]) as u(row, ncols, wkt)
     returning id, code`,
    [plantId, srid, azimuthDeg, tables.map((t) => t.row), tables.map((t) => t.modules.length), tables.map((t) => wkt(t.ring))],
  );
  const tableIds = new Map(tableRows.map((r) => [r.code, r.id]));
  const placed = tables.flatMap((t) => t.modules.map((p) => ({ ...p, tableId: tableIds.get(`R${t.row}`) as string })));
  const ids = await insertModules(tx, plantId, srid, placed.map((p) => ({
    tableId: p.tableId, code: p.module.code, modelId: null, row: 1, column: p.module.column, tiltDeg: 0, azimuthDeg,
    heightM: 0, ring: p.ring, center: midpoint(p.ring),
  })));
  const stringNumbers = [...new Set(plant.grid.map((m) => m.string))];
  const { rows: known } = await tx.query<{ id: string; code: string }>(
    'select id, code from strings where plant_id = $1 and deleted_at is null and code = any($2::text[])',
    [plantId, stringNumbers.map((s) => `S${s}`)],
  );
  const missing = stringNumbers.map((s) => `S${s}`).filter((code) => !known.some((k) => k.code === code));
  const { rows: made } = await tx.query<{ id: string; code: string }>(
    'insert into strings (plant_id, code) select $1, unnest($2::text[]) returning id, code', [plantId, missing]);
  const stringIds = new Map([...known, ...made].map((r) => [r.code, r.id]));
  await tx.query(
    `update modules m set string_id = u.string_id, position_in_string = u.position
       from unnest($1::uuid[], $2::uuid[], $3::int[]) as u(id, string_id, position) where m.id = u.id`,
    [ids, placed.map((p) => stringIds.get(`S${p.module.string}`)), placed.map((p) => p.module.position)],
  );
  await tx.query('select refresh_string_geom($1::uuid[])', [[...stringIds.values()]]);
  // A plant without outline gets its grid's, 2 m around: the maps open on the whole grid.
  await tx.query(
    `update plants p set boundary = (
       select st_multi(st_transform(st_buffer(st_convexhull(st_collect(st_transform(t.geom, $2::int))), 2), 4326))
         from tables t where t.plant_id = p.id and t.deleted_at is null)
      where p.id = $1 and p.boundary is null`, [plantId, srid]);
  return new Map(placed.map((p, i) => [p.module.code.toLowerCase(), ids[i] as string]));
}

/** The audit and its results: one audit_modules row per module, a defect per finding or comment. */
async function createAudit(tx: PoolClient, plantId: string, plant: PlantPlan, audit: DiagpvAudit, userId: string, sha256: string) {
  const when = audit.date ? new Date(`${audit.date.replace(' ', 'T')}${/[zZ+]/.test(audit.date.slice(10)) ? '' : 'Z'}`) : null;
  const date = when && !Number.isNaN(when.getTime()) ? when.toISOString() : null;
  const { rows: [row] } = await tx.query<{ id: string }>(
    `insert into audits (plant_id, audit_type, status, started_at, finished_at, conditions, validated_at, validated_by)
     values ($1, 'el', 'done', $2, $2, $3, now(), $4) returning id`,
    [plantId, date, { source: 'diagpv', auditToken: audit.token, fileSha256: sha256 }, userId],
  );
  const auditId = (row as { id: string }).id;
  const results = audit.modules.map((m) => ({ m, moduleId: matchModule(plant, m) })).filter((r) => r.moduleId);
  await tx.query(
    `insert into audit_modules (audit_id, module_id, plant_id, status, inspected_at)
     select $1, u, $2, 'ok', coalesce($3::timestamptz, now()) from unnest($4::uuid[]) u`,
    [auditId, plantId, date, results.map((r) => r.moduleId)],
  );
  // A comment on a module without defect is kept as an 'other' finding that leaves it ok.
  const findings = results.filter((r) => r.m.mapped.defectType || r.m.comment);
  await tx.query(
    `insert into defects (plant_id, audit_id, module_id, defect_type, module_status, severity, description, geom, observed_at)
     select $1, $2, u.module_id, u.defect_type, u.status, u.severity, u.description, st_pointonsurface(m.geom),
            coalesce($3::timestamptz, now())
       from unnest($4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[]) as u(module_id, defect_type, status, severity, description)
       join modules m on m.id = u.module_id`,
    [plantId, auditId, date, findings.map((r) => r.moduleId), findings.map((r) => r.m.mapped.defectType ?? 'other'),
      findings.map((r) => r.m.mapped.status), findings.map((r) => (r.m.mapped.defectType ? SEVERITIES[r.m.severity] : 'info')),
      findings.map((r) => r.m.comment)],
  );
  await remember(tx, 'audit', audit.token, auditId, sha256, userId);
  return { token: audit.token, id: auditId, created: true, results: results.length, defects: findings.length };
}

/** Taken before planning: two imports of one file at once would both find nothing and create everything twice. */
export async function lockImports(tx: PoolClient): Promise<void> {
  await tx.query("select pg_advisory_xact_lock(hashtext('diagpv-import'))");
}

export async function runImport(tx: PoolClient, plan: ImportPlan, body: DiagpvImport, userId: string): Promise<DiagpvImported> {
  for (const placement of body.placements) {
    if (!plan.plants.some((p) => p.project.toLowerCase() === placement.project.toLowerCase())) {
      throw badRequest('placement_unknown', 'e.diagpv_placement_unknown', { project: placement.project }, 'placements');
    }
  }
  const clients: DiagpvImported['clients'] = [];
  const clientIds = new Map<string, string>();
  for (const c of plan.clients) {
    let id = c.existingId;
    if (!id) {
      const { rows } = await tx.query<{ id: string }>('insert into clients (name) values ($1) returning id', [c.name]);
      id = (rows[0] as { id: string }).id;
    }
    await remember(tx, 'client', clientKey(c.name), id, plan.sha256, userId);
    clientIds.set(c.name, id);
    clients.push({ name: c.name, id, created: !c.existingId });
  }
  const plants: DiagpvImported['plants'] = [];
  const audits: DiagpvImported['audits'] = [];
  for (const [index, p] of plan.plants.entries()) {
    const placement = body.placements.find((x) => x.project.toLowerCase() === p.project.toLowerCase());
    const toImport = p.audits.filter((a) => !a.existingId);
    const needsGrid = p.existingModules === 0 && toImport.length > 0;
    const at = placement?.location ?? p.existingLocation;
    if (needsGrid && !at) {
      throw badRequest('location_missing', 'e.diagpv_location_missing', { project: p.project }, `placements.${index}.location`);
    }
    let plantId = p.existingId;
    let srid: number;
    if (!plantId) {
      const [lon, lat] = at as Point;
      srid = suggestProjectedSrid(lon, lat);
      const { rows } = await tx.query<{ id: string }>(
        `insert into plants (client_id, name, mounting, address, srid, location)
         values ($1, $2, 'rooftop', $3, $4, st_setsrid(st_point($5, $6), 4326)) returning id`,
        [clientIds.get(p.client), p.project, p.address?.slice(0, 500) ?? null, srid, lon, lat],
      );
      plantId = (rows[0] as { id: string }).id;
    } else {
      srid = ((await tx.query<{ srid: number }>('select srid from plants where id = $1', [plantId])).rows[0] as { srid: number }).srid;
    }
    await remember(tx, 'plant', plantKey(p.client, p.project), plantId, plan.sha256, userId);
    let modulesCreated = 0;
    if (needsGrid) {
      p.moduleIds = await createLayout(tx, plantId, srid, p, at as Point, placement?.azimuthDeg ?? 180);
      modulesCreated = p.moduleIds.size;
    }
    plants.push({ project: p.project, id: plantId, created: !p.existingId, modulesCreated });
    for (const a of p.audits) {
      audits.push(a.existingId
        ? { token: a.audit.token, id: a.existingId, created: false, results: 0, defects: 0 }
        : await createAudit(tx, plantId, p, a.audit, userId, plan.sha256));
    }
  }
  return { clients, plants, audits };
}
