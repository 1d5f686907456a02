import type { SessionUser } from '@calepin/core';

/**
 * The client company whose data the caller may see, or null for staff, who see all.
 * Every query that reads plant-scoped data takes this as a parameter and filters on it
 * (`$n::uuid is null or client_id = $n`): the isolation lives in the SQL, not in the UI.
 */
export function clientScope(user: SessionUser): string | null {
  if (user.role !== 'client') return null;
  if (!user.clientId) throw new Error(`client user ${user.id} has no client company`);
  return user.clientId;
}

/** Staff roles: everyone but the client users. */
export const STAFF = ['admin', 'manager', 'technician'] as const;
/** Roles that manage clients, plants and the layout. */
export const MANAGERS = ['admin', 'manager'] as const;
