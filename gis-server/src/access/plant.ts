import type { MessageKey, SessionUser } from '@calepin/core';
import type { Queryable } from '../db';
import { ApiError } from '../http/errors';
import { clientScope } from './scope';

/** The plant a request acts on, once the router has checked that the caller may see it. */
export interface VisiblePlant {
  id: string;
  clientId: string;
  name: string;
  /** Its projected CRS (metres), where layout geometry is computed. */
  srid: number;
}

/**
 * Where a route finds the plant it acts on, for the router to check (`RouteSpec.plant`):
 * the name of the path parameter that holds the plant id, or a `PlantOwner` for a path
 * that names something of a plant (a plan, a job) instead.
 */
export type PlantRef = string | PlantOwner;

export interface PlantOwner {
  /** The path parameter holding the thing's id. */
  param: string;
  /** What the thing is, for the docs (the permission matrix). */
  of: string;
  /** Selects the `plant_id` of the thing whose id is $1: no row, 404. A row whose plant is null is staff-only. */
  sql: string;
  /** The message of that 404 (default: not found). */
  notFound?: MessageKey;
}

/** The parameter a route's plant reference reads. */
export const plantParam = (ref: PlantRef) => (typeof ref === 'string' ? ref : ref.param);

/** How the matrix of docs/permissions.md names the check: `plantId`, or `planId → plan`. */
export const describePlantRef = (ref: PlantRef) => (typeof ref === 'string' ? `\`${ref}\`` : `\`${ref.param}\` → ${ref.of}`);

export interface PlantCheck {
  param: string;
  sql: string;
  notFound: MessageKey;
}

/**
 * The one query of "the plant visible to this caller": built once per route when the
 * router is mounted. $1 the id from the path, $2 the client scope (null for staff).
 * Another company's plant, a deleted plant and a missing thing all answer the same 404.
 */
export function plantCheck(ref: PlantRef): PlantCheck {
  const owner = typeof ref === 'string' ? 'select $1::uuid as plant_id' : ref.sql;
  return {
    param: plantParam(ref),
    notFound: (typeof ref === 'string' ? undefined : ref.notFound) ?? 'e.not_found',
    sql: `with owner as (${owner.trim().replace(/;$/, '')})
      select o.plant_id as "ownerPlant", p.id, p.client_id as "clientId", p.name, p.srid
        from owner o
        left join plants p on p.id = o.plant_id and p.deleted_at is null and ($2::uuid is null or p.client_id = $2)
       limit 1`,
  };
}

/**
 * The plant of the request if the caller may see it; 404 otherwise. Undefined only for
 * staff reading a thing that belongs to no plant.
 */
export async function visiblePlant(db: Queryable, check: PlantCheck, id: string, user: SessionUser): Promise<VisiblePlant | undefined> {
  const scope = clientScope(user);
  // No row: no such thing. ownerPlant null: a thing of no plant. id null: a plant not visible.
  const { rows } = await db.query<Omit<VisiblePlant, 'id'> & { ownerPlant: string | null; id: string | null }>(check.sql, [id, scope]);
  const row = rows[0];
  const refused = () => new ApiError(404, 'not_found', { key: check.notFound });
  if (!row || (row.ownerPlant === null && scope !== null)) throw refused();
  if (row.ownerPlant === null) return undefined;
  if (row.id === null) throw refused();
  return { id: row.id, clientId: row.clientId, name: row.name, srid: row.srid };
}

/**
 * The plant of a `{missionId}` route, for the router to check (a client sees its own plants'
 * missions). Here rather than in a capability: missions, the audit API and sync all declare it.
 */
export const missionPlant: PlantOwner = {
  param: 'missionId', of: 'mission', sql: 'select plant_id from missions where id = $1 and deleted_at is null',
};

/** The plant of an `{auditId}` route (the web report, statistics, an audit's results). */
export const auditPlant: PlantOwner = {
  param: 'auditId', of: 'audit', sql: 'select plant_id from audits where id = $1 and deleted_at is null',
};
