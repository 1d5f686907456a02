import { z } from 'zod';
import { Client, ClientCreate, ClientUpdate, ListQuery, ROLES, Uuid, page } from '@calepin/core';
import { MANAGERS, clientScope } from '../../access/scope';
import type { Queryable } from '../../db';
import { insertClause, setClause, sqlFile, transaction } from '../../db';
import { conflict, notFound } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';

const selectClients = sqlFile(import.meta.url, 'select.sql');

const COLUMNS = {
  name: 'name',
  legalName: 'legal_name',
  siret: 'siret',
  vatNumber: 'vat_number',
  address: 'address',
  postalCode: 'postal_code',
  city: 'city',
  country: 'country',
  email: 'email',
  phone: 'phone',
  notes: 'notes',
} as const;

const Params = z.object({ clientId: Uuid });

async function readClient(db: Queryable, scope: string | null, id: string): Promise<Client> {
  const { rows } = await db.query(selectClients, [scope, null, 1, 0, id]);
  if (!rows[0]) throw notFound();
  const { total: _total, ...client } = rows[0];
  return client as Client;
}

export const clientRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/clients',
    tag: 'clients',
    summary: 'List client companies (a client user sees only its own)',
    roles: ROLES,
    query: ListQuery,
    response: page('ClientPage', Client),
    async handler({ query, user, deps }) {
      const { rows } = await deps.db.query(selectClients, [clientScope(user), query.q || null, query.limit, query.offset, null]);
      const total = rows[0]?.total ?? 0;
      return { items: rows.map(({ total: _total, ...client }) => client), total };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/clients/{clientId}',
    tag: 'clients',
    summary: 'Read one client company',
    roles: ROLES,
    params: Params,
    response: Client,
    async handler({ params, user, deps }) {
      return readClient(deps.db, clientScope(user), params.clientId);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/clients',
    tag: 'clients',
    summary: 'Create a client company',
    roles: MANAGERS,
    body: ClientCreate,
    status: 201,
    response: Client,
    errors: [409],
    async handler({ body, deps }) {
      const insert = insertClause(COLUMNS, body);
      const { rows } = await deps.db.query<{ id: string }>(
        `insert into clients (${insert.columns}) values (${insert.placeholders}) returning id`,
        insert.values,
      );
      return readClient(deps.db, null, (rows[0] as { id: string }).id);
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/clients/{clientId}',
    tag: 'clients',
    summary: 'Change a client company',
    roles: MANAGERS,
    params: Params,
    body: ClientUpdate,
    response: Client,
    errors: [409],
    async handler({ params, body, deps }) {
      const { sql, values } = setClause(COLUMNS, body, 2);
      if (sql) {
        const { rowCount } = await deps.db.query(
          `update clients set ${sql} where id = $1 and deleted_at is null`,
          [params.clientId, ...values],
        );
        if (!rowCount) throw notFound();
      }
      return readClient(deps.db, null, params.clientId);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/clients/{clientId}',
    tag: 'clients',
    summary: 'Archive a client company (it must have no plant left)',
    roles: MANAGERS,
    params: Params,
    status: 204,
    errors: [409],
    async handler({ params, deps }) {
      await transaction(deps.db, async (tx) => {
        const { rows } = await tx.query<{ plants: number }>(
          `select (select count(*)::int from plants p where p.client_id = c.id and p.deleted_at is null) as plants
             from clients c where c.id = $1 and c.deleted_at is null for update`,
          [params.clientId],
        );
        if (!rows[0]) throw notFound();
        if (rows[0].plants > 0) throw conflict('client_has_plants', 'e.client_has_plants', { count: rows[0].plants });
        await tx.query('update clients set deleted_at = now() where id = $1', [params.clientId]);
      });
    },
  }),
];
