import type { SessionUser } from '@calepin/core';
import type { Queryable } from '../../db';

export interface AccountRow extends SessionUser {
  isDemo: boolean;
  disabled: boolean;
  /** The token generation its access tokens must carry (sql/migrations/035). */
  generation: number;
}

/**
 * The session user for an id and its token generation, when the account may still log
 * in: not deleted, not disabled, and not a demo account outside demo mode.
 */
export async function activeUser(db: Queryable, id: string, demo: boolean): Promise<{ user: SessionUser; generation: number } | null> {
  const { rows } = await db.query<AccountRow>(
    `select id, email::text, role, client_id as "clientId", full_name as "fullName", locale,
            is_demo as "isDemo", disabled_at is not null as disabled, token_generation as generation
       from users where id = $1 and deleted_at is null`,
    [id],
  );
  const row = rows[0];
  return row && mayLogIn(row, demo) ? { user: sessionUser(row), generation: row.generation } : null;
}

export const mayLogIn = (row: { isDemo: boolean; disabled: boolean }, demo: boolean) =>
  !row.disabled && (demo || !row.isDemo);

export const sessionUser = (row: SessionUser): SessionUser => ({
  id: row.id,
  email: row.email,
  role: row.role,
  clientId: row.clientId,
  fullName: row.fullName,
  locale: row.locale,
});
