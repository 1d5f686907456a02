import { z } from 'zod';
import { ListQuery, Plant, PlantCreate, PlantUpdate, ROLES, Uuid, page } from '@calepin/core';
import { MANAGERS, clientScope } from '../../access/scope';
import { type Queryable, insertClause, setClause, sqlFile, transaction } from '../../db';
import { badRequest, notFound } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';
import { plantGeometry } from './write';

const selectPlants = sqlFile(import.meta.url, 'select.sql');

const COLUMNS = {
  clientId: 'client_id',
  name: 'name',
  reference: 'reference',
  mounting: 'mounting',
  address: 'address',
  postalCode: 'postal_code',
  city: 'city',
  country: 'country',
  peakKwp: 'peak_kwp',
  commissioningDate: 'commissioning_date',
  srid: 'srid',
  location: 'location',
  boundary: 'boundary',
  tariffEurPerKwh: 'tariff_eur_per_kwh',
  specificYieldKwhPerKwp: 'specific_yield_kwh_per_kwp',
  timezone: 'timezone',
  publicShare: 'public_share',
  notes: 'notes',
} as const;

const Params = z.object({ plantId: Uuid });
const PlantListQuery = ListQuery.extend({ clientId: Uuid.optional() });

/** One plant the caller may see; 404 otherwise (whether it exists or not). */
export async function readPlant(db: Queryable, scope: string | null, id: string): Promise<Plant> {
  const { rows } = await db.query(selectPlants, [scope, id, null, null, 1, 0]);
  if (!rows[0]) throw notFound();
  const { total: _total, ...plant } = rows[0];
  return plant as Plant;
}

async function checkClient(db: Queryable, clientId: string): Promise<void> {
  const { rowCount } = await db.query('select 1 from clients where id = $1 and deleted_at is null', [clientId]);
  if (!rowCount) throw badRequest('reference_missing', 'e.reference_missing', {}, 'clientId');
}

export const plantRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/plants',
    tag: 'plants',
    summary: 'List plants (a client user sees only its company’s)',
    roles: ROLES,
    query: PlantListQuery,
    response: page('PlantPage', Plant),
    async handler({ query, user, deps }) {
      const { rows } = await deps.db.query(selectPlants, [
        clientScope(user), null, query.clientId ?? null, query.q || null, query.limit, query.offset,
      ]);
      return { items: rows.map(({ total: _total, ...plant }) => plant), total: rows[0]?.total ?? 0 };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/plants/{plantId}',
    tag: 'plants',
    summary: 'Read one plant',
    roles: ROLES,
    plant: 'plantId',
    share: true,
    params: Params,
    response: Plant,
    async handler({ params, user, deps }) {
      return readPlant(deps.db, clientScope(user), params.plantId);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/plants',
    tag: 'plants',
    summary: 'Create a plant',
    description:
      'location (Point) and boundary (Polygon or MultiPolygon) are GeoJSON in EPSG:4326, or in the CRS named by `crs` ' +
      '(or by a GeoJSON 2008 crs member). srid, the projected CRS for metric work, is suggested from the location when omitted.',
    roles: MANAGERS,
    body: PlantCreate,
    status: 201,
    response: Plant,
    errors: [409],
    async handler({ body, deps }) {
      const id = await transaction(deps.db, async (tx) => {
        await checkClient(tx, body.clientId);
        const geometry = await plantGeometry(tx, body, null);
        const insert = insertClause(COLUMNS, { ...body, ...geometry });
        const { rows } = await tx.query<{ id: string }>(
          `insert into plants (${insert.columns}) values (${insert.placeholders}) returning id`,
          insert.values,
        );
        return (rows[0] as { id: string }).id;
      });
      return readPlant(deps.db, null, id);
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/plants/{plantId}',
    tag: 'plants',
    summary: 'Change a plant',
    roles: MANAGERS,
    params: Params,
    body: PlantUpdate,
    response: Plant,
    errors: [409],
    async handler({ params, body, deps }) {
      await transaction(deps.db, async (tx) => {
        const { rows } = await tx.query<{ srid: number }>(
          'select srid from plants where id = $1 and deleted_at is null for update',
          [params.plantId],
        );
        if (!rows[0]) throw notFound();
        if (body.clientId) await checkClient(tx, body.clientId);
        const geometry = await plantGeometry(tx, body, rows[0].srid);
        const { sql, values } = setClause(COLUMNS, { ...body, ...geometry }, 2);
        if (sql) await tx.query(`update plants set ${sql} where id = $1`, [params.plantId, ...values]);
      });
      return readPlant(deps.db, null, params.plantId);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/plants/{plantId}',
    tag: 'plants',
    summary: 'Archive a plant (its layout and audits are kept with it)',
    roles: MANAGERS,
    params: Params,
    status: 204,
    async handler({ params, deps }) {
      const { rowCount } = await deps.db.query(
        'update plants set deleted_at = now() where id = $1 and deleted_at is null',
        [params.plantId],
      );
      if (!rowCount) throw notFound();
    },
  }),
];
