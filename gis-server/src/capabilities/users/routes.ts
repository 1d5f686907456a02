import { z } from 'zod';
import { ListQuery, ROLES, User, UserCreate, UserUpdate, Uuid, page } from '@calepin/core';
import { type Queryable, insertClause, setClause, sqlFile, transaction } from '../../db';
import { ApiError, badRequest, notFound } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';
import { hashPassword } from '../../access/passwords';

const selectUsers = sqlFile(import.meta.url, 'select.sql');

const COLUMNS = {
  email: 'email',
  role: 'role',
  clientId: 'client_id',
  fullName: 'full_name',
  locale: 'locale',
  phone: 'phone',
  passwordHash: 'password_hash',
  disabledAt: 'disabled_at',
} as const;

const Params = z.object({ userId: Uuid });
const UserListQuery = ListQuery.extend({ role: z.enum(ROLES).optional() });
const ADMIN = ['admin'] as const;

async function readUser(db: Queryable, id: string): Promise<User> {
  const { rows } = await db.query(selectUsers, [null, 1, 0, id, null]);
  if (!rows[0]) throw notFound();
  const { total: _total, ...user } = rows[0];
  return user as User;
}

async function checkClient(db: Queryable, clientId: string | null | undefined): Promise<void> {
  if (!clientId) return;
  const { rowCount } = await db.query('select 1 from clients where id = $1 and deleted_at is null', [clientId]);
  if (!rowCount) throw badRequest('reference_missing', 'e.reference_missing', {}, 'clientId');
}

export const userRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/users',
    tag: 'users',
    summary: 'List users',
    roles: ADMIN,
    query: UserListQuery,
    response: page('UserPage', User),
    async handler({ query, deps }) {
      const { rows } = await deps.db.query(selectUsers, [query.q || null, query.limit, query.offset, null, query.role ?? null]);
      return { items: rows.map(({ total: _total, ...user }) => user), total: rows[0]?.total ?? 0 };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/users/{userId}',
    tag: 'users',
    summary: 'Read one user',
    roles: ADMIN,
    params: Params,
    response: User,
    async handler({ params, deps }) {
      return readUser(deps.db, params.userId);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/users',
    tag: 'users',
    summary: 'Create a user (a client user belongs to one client company)',
    roles: ADMIN,
    body: UserCreate,
    status: 201,
    response: User,
    errors: [409],
    async handler({ body, deps }) {
      await checkClient(deps.db, body.clientId);
      const { password, ...fields } = body;
      const insert = insertClause(COLUMNS, { ...fields, passwordHash: await hashPassword(password) });
      const { rows } = await deps.db.query<{ id: string }>(
        `insert into users (${insert.columns}) values (${insert.placeholders}) returning id`,
        insert.values,
      );
      return readUser(deps.db, (rows[0] as { id: string }).id);
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/users/{userId}',
    tag: 'users',
    summary: 'Change a user: details, role, password, or disable the account',
    roles: ADMIN,
    params: Params,
    body: UserUpdate,
    response: User,
    errors: [409],
    async handler({ params, body, deps }) {
      const { password, disabled, ...fields } = body;
      const patch = {
        ...fields,
        passwordHash: password === undefined ? undefined : await hashPassword(password),
        disabledAt: disabled === undefined ? undefined : disabled ? new Date() : null,
      };
      const { sql, values } = setClause(COLUMNS, patch, 2);
      await transaction(deps.db, async (tx) => {
        await checkClient(tx, body.clientId);
        if (sql) {
          const { rowCount } = await tx.query(`update users set ${sql} where id = $1 and deleted_at is null`, [
            params.userId,
            ...values,
          ]);
          if (!rowCount) throw notFound();
        }
        // A new password or a disabled account ends every open session of the user (and
        // the users trigger of migration 035 ends its access tokens, as for a new role).
        if (password !== undefined || disabled) {
          await tx.query('update refresh_tokens set revoked_at = now() where user_id = $1 and revoked_at is null', [
            params.userId,
          ]);
        }
      });
      await deps.checker.forgetUser(params.userId);
      return readUser(deps.db, params.userId);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/users/{userId}',
    tag: 'users',
    summary: 'Delete a user (soft delete; their records keep their author)',
    roles: ADMIN,
    params: Params,
    status: 204,
    async handler({ params, user, deps }) {
      if (params.userId === user.id) throw new ApiError(409, 'self_delete', { key: 'e.self_delete' });
      await transaction(deps.db, async (tx) => {
        const { rowCount } = await tx.query('update users set deleted_at = now() where id = $1 and deleted_at is null', [
          params.userId,
        ]);
        if (!rowCount) throw notFound();
        await tx.query('update refresh_tokens set revoked_at = now() where user_id = $1 and revoked_at is null', [
          params.userId,
        ]);
      });
      await deps.checker.forgetUser(params.userId);
    },
  }),
];
