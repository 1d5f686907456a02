import { ROLES } from '@calepin/core';
import { describePlantRef } from '../../access/plant';
import type { RouteSpec } from '../../http/route';

/**
 * The permission matrix as a Markdown table, generated from the route declarations:
 * docs/permissions.md embeds it, and a test keeps the two equal. The last column names
 * the parameter whose plant the router checks the caller may see (404 otherwise).
 */
export function permissionMatrix(routes: RouteSpec[]): string {
  const header = `| endpoint | ${ROLES.join(' | ')} | anonymous | plant checked |`;
  const rule = `|---|${ROLES.map(() => ':-:').join('|')}|:-:|---|`;
  const rows = routes.map((route) => {
    const cells = ROLES.map((role) => (route.roles === 'public' || route.roles.includes(role) ? '✓' : '—'));
    return `| \`${route.method.toUpperCase()} /api/v1${route.path}\` | ${cells.join(' | ')} | ${route.roles === 'public' ? '✓' : '—'} | ${route.plant ? describePlantRef(route.plant) : ''} |`;
  });
  return [header, rule, ...rows].join('\n');
}
