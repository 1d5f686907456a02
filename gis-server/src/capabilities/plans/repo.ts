import { type Locale, type MessageKey, type MessageParams, type Plan, t } from '@calepin/core';
import type { PlantOwner } from '../../access/plant';
import type { Queryable } from '../../db';
import { sqlFile } from '../../db';
import { notFound } from '../../http/errors';
import type { GeoTransform } from './worldfile';

const selectSql = sqlFile(import.meta.url, 'select.sql');

export interface PlanRow extends Omit<Plan, 'tiles' | 'job' | 'suggestedSrid' | 'createdAt'> {
  createdAt: Date;
  storageKey: string;
  worldFile: string | null;
  prj: string | null;
  cogPath: string | null;
  drawingTransform: GeoTransform | null;
  plantSrid: number;
  jobId: string | null;
}

/** The plant of the plan of a route's path, for the router to check (RouteSpec.plant). */
export const planPlant: PlantOwner = { param: 'planId', of: 'plan', sql: 'select plant_id from plans where id = $1' };

/** The plan as the API shows it; a failure's message in the caller's language. */
export function toPlan(row: PlanRow, locale: Locale): Plan {
  const { storageKey: _k, worldFile: _w, prj: _p, cogPath, drawingTransform: _d, plantSrid, jobId, createdAt, ...plan } = row;
  const georef = plan.georef ? { ...plan.georef } : null;
  if (georef) delete (georef as { geoTransform?: unknown }).geoTransform;
  const failure = plan.error as { code: string; detail?: string; message?: string; key?: MessageKey; params?: MessageParams } | null;
  const message = (f: NonNullable<typeof failure>) =>
    f.key ? t(locale, f.key, f.params ?? {}) : t(locale, 'e.plan_processing_failed', { detail: f.detail ?? f.message ?? '' });
  return {
    ...plan,
    error: failure ? { code: failure.code, message: message(failure) } : null,
    georef,
    suggestedSrid: plantSrid,
    tiles: cogPath && plan.status === 'georeferenced' ? { source: 'plans', url: `/tiles/plans/{z}/{x}/{y}?plan=${plan.id}` } : null,
    job: jobId ? { id: jobId } : null,
    createdAt: createdAt.toISOString(),
  };
}

export async function listPlans(db: Queryable, plantId: string, scope: string | null): Promise<PlanRow[]> {
  return (await db.query<PlanRow>(selectSql, [plantId, null, scope])).rows;
}

/** A plan the caller may see, or 404. */
export async function getPlan(db: Queryable, planId: string, scope: string | null): Promise<PlanRow> {
  const row = (await db.query<PlanRow>(selectSql, [null, planId, scope])).rows[0];
  if (!row) throw notFound();
  return row;
}
