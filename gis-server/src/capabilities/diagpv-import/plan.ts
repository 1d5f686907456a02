// What an import of a DiagPV export would create, matched against the database: the
// preview the user reads before importing, and the plan the import then carries out.
import { createHash } from 'node:crypto';
import { type DiagpvPreview, type Locale, MODULE_STATUSES, type ModuleStatus, t } from '@calepin/core';
import type { Queryable } from '../../db';
import { DEFECT_TYPES, SEVERITIES } from './mapping';
import type { DiagpvAudit, DiagpvExport, DiagpvModule } from './model';

export interface PlantPlan {
  project: string;
  client: string;
  address: string | null;
  existingId: string | null;
  existingModules: number;
  /** Where a plant that has no modules yet already stands (its own location), if anywhere. */
  existingLocation: [number, number] | null;
  /** Our module id per code, for a plant whose layout exists. */
  moduleIds: Map<string, string>;
  /** The grid to lay out: one module per code, from every audit of the project. */
  grid: DiagpvModule[];
  audits: { audit: DiagpvAudit; existingId: string | null }[];
}

export interface ImportPlan {
  sha256: string;
  clients: { name: string; existingId: string | null }[];
  plants: PlantPlan[];
}

export const clientKey = (name: string) => name.toLowerCase();
export const plantKey = (client: string, project: string) => `${client.toLowerCase()} / ${project.toLowerCase()}`;

async function existingRef(db: Queryable, kind: 'client' | 'plant' | 'audit', key: string, table: string): Promise<string | null> {
  // `table` is one of three literals of this file, never from a request.
  const { rows } = await db.query<{ id: string }>(
    `select r.target_id as id from import_refs r join ${table} x on x.id = r.target_id and x.deleted_at is null
      where r.source = 'diagpv' and r.kind = $1 and r.external_key = $2`,
    [kind, key],
  );
  return rows[0]?.id ?? null;
}

async function findClient(db: Queryable, name: string): Promise<string | null> {
  const ref = await existingRef(db, 'client', clientKey(name), 'clients');
  if (ref) return ref;
  const { rows } = await db.query<{ id: string }>('select id from clients where lower(name) = lower($1) and deleted_at is null', [name]);
  return rows[0]?.id ?? null;
}

async function findPlant(db: Queryable, clientId: string | null, client: string, project: string): Promise<string | null> {
  const ref = await existingRef(db, 'plant', plantKey(client, project), 'plants');
  if (ref || !clientId) return ref;
  const { rows } = await db.query<{ id: string }>(
    'select id from plants where client_id = $1 and lower(name) = lower($2) and deleted_at is null order by created_at limit 1',
    [clientId, project],
  );
  return rows[0]?.id ?? null;
}

/** Matches the export against the database; reads only. */
export async function planImport(db: Queryable, content: string, data: DiagpvExport): Promise<ImportPlan> {
  const sha256 = createHash('sha256').update(content).digest('hex');
  const clientIds = new Map<string, string | null>();
  for (const audit of data.audits) {
    if (!clientIds.has(audit.client)) clientIds.set(audit.client, await findClient(db, audit.client));
  }
  const plants = new Map<string, PlantPlan>();
  for (const audit of data.audits) {
    const key = plantKey(audit.client, audit.project);
    let plant = plants.get(key);
    if (!plant) {
      const existingId = await findPlant(db, clientIds.get(audit.client) ?? null, audit.client, audit.project);
      const moduleIds = new Map<string, string>();
      let existingLocation: [number, number] | null = null;
      if (existingId) {
        const { rows } = await db.query<{ id: string; code: string }>(
          'select id, code from modules where plant_id = $1 and deleted_at is null', [existingId]);
        for (const r of rows) moduleIds.set(r.code.toLowerCase(), r.id);
        const where = await db.query<{ lon: number | null; lat: number | null }>(
          'select st_x(location) as lon, st_y(location) as lat from plants where id = $1', [existingId]);
        const at = where.rows[0];
        if (at?.lon != null && at.lat != null) existingLocation = [at.lon, at.lat];
      }
      plant = {
        project: audit.project, client: audit.client, address: audit.location, existingId, existingModules: moduleIds.size,
        existingLocation, moduleIds, grid: [], audits: [],
      };
      plants.set(key, plant);
    }
    const inGrid = new Set(plant.grid.map((m) => m.code));
    for (const m of audit.modules) if (!inGrid.has(m.code)) plant.grid.push(m);
    plant.audits.push({ audit, existingId: await existingRef(db, 'audit', audit.token, 'audits') });
  }
  return {
    sha256,
    clients: [...clientIds].map(([name, existingId]) => ({ name, existingId })),
    plants: [...plants.values()],
  };
}

/** The module of our plant a DiagPV result goes to, when the plant's layout exists. */
export const matchModule = (plant: PlantPlan, m: DiagpvModule): string | undefined =>
  plant.moduleIds.get(m.code.toLowerCase()) ?? plant.moduleIds.get(m.identifier.toLowerCase());

/** The preview of a plan, in the caller's language. */
export function describePlan(plan: ImportPlan, data: DiagpvExport, locale: Locale): DiagpvPreview {
  const warnings: string[] = [];
  const mapping = new Map<string, number>();
  const severities = new Map<number, number>();
  for (const audit of data.audits) {
    for (const m of audit.modules) {
      mapping.set(m.defect, (mapping.get(m.defect) ?? 0) + 1);
      if (m.mapped.defectType) severities.set(m.severity, (severities.get(m.severity) ?? 0) + 1);
    }
    const declared = audit.declared.total;
    if (declared !== null && declared !== audit.modules.length) {
      warnings.push(t(locale, 'w.diagpv_declared', { project: audit.project, declared, found: audit.modules.length }));
    }
    if (audit.rowsByPosition.length) {
      warnings.push(t(locale, 'w.diagpv_rows_by_position', { project: audit.project, count: audit.rowsByPosition.length }));
    }
  }
  const plants = plan.plants.map((p) => {
    const layout = p.existingModules > 0 ? 'match_codes' as const : 'new_grid' as const;
    const unmatched = layout === 'match_codes' ? p.grid.filter((m) => !matchModule(p, m)).map((m) => m.code) : [];
    if (unmatched.length) warnings.push(t(locale, 'w.diagpv_unmatched', { project: p.project, count: unmatched.length }));
    for (const a of p.audits) if (a.existingId) warnings.push(t(locale, 'w.diagpv_already', { project: p.project, token: a.audit.token }));
    return {
      project: p.project, client: p.client, address: p.address, existingId: p.existingId, existingModules: p.existingModules,
      layout,
      rows: new Set(p.grid.map((m) => m.row)).size,
      columns: Math.max(0, ...p.grid.map((m) => m.column)),
      matched: layout === 'match_codes' ? p.grid.length - unmatched.length : 0,
      unmatched,
      needsLocation: layout === 'new_grid' && !p.existingLocation && p.audits.some((a) => !a.existingId),
    };
  });
  const audits = plan.plants.flatMap((p) => p.audits.map(({ audit, existingId }) => {
    const byStatus = Object.fromEntries(MODULE_STATUSES.map((s) => [s, 0])) as Record<ModuleStatus, number>;
    for (const m of audit.modules) byStatus[m.mapped.status]++;
    return {
      token: audit.token, project: audit.project, date: audit.date, modules: audit.modules.length,
      strings: new Set(audit.modules.map((m) => m.string)).size,
      comments: audit.modules.filter((m) => m.comment).length, byStatus, existingId,
    };
  }));
  return {
    sha256: plan.sha256,
    clients: plan.clients,
    plants,
    audits,
    mapping: Object.entries(DEFECT_TYPES).map(([from, m]) => ({ from, defectType: m.defectType, status: m.status, count: mapping.get(from) ?? 0 })),
    severities: Object.entries(SEVERITIES).map(([from, severity]) => ({ from: Number(from), severity, count: severities.get(Number(from)) ?? 0 })),
    warnings,
  };
}
