/**
 * Who may see what: part of every cache key, so no tile crosses between scopes. A web
 * report's share link (`share`) sees its one plant, whatever the request asks for.
 */
export type Scope =
  | { kind: 'staff' }
  | { kind: 'client'; clientId: string }
  | { kind: 'public' }
  | { kind: 'share'; plantId: string };

export function scopeKey(scope: Scope): string {
  if (scope.kind === 'client') return `c:${scope.clientId}`;
  if (scope.kind === 'share') return `s:${scope.plantId}`;
  return scope.kind;
}

/** The client company the SQL filters on (tile_visible_plants' first argument), null for none. */
export const scopeClient = (scope: Scope) => (scope.kind === 'client' ? scope.clientId : null);

/** The one plant a share link holds the request to; null for every other scope. */
export const scopePlant = (scope: Scope) => (scope.kind === 'share' ? scope.plantId : null);
