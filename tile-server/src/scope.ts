/** Who may see what: part of every cache key, so no tile crosses between scopes. */
export type Scope = { kind: 'staff' } | { kind: 'client'; clientId: string } | { kind: 'public' };

export const scopeKey = (scope: Scope) => (scope.kind === 'client' ? `c:${scope.clientId}` : scope.kind);
