// @calepin/map-kit/api: the typed client of /api/v1, its tokens, errors and query keys.
export { type ApiClient, type ApiClientOptions, createApiClient, fillPath, withQuery } from './client';
export { ApiError, type ErrorMessages, answerError } from './errors';
export { type ApiTokens, FixedToken, type Session, TokenStore, type TokenStorage, type TokenStoreOptions } from './tokens';
export { missionEditKeys, plantEditKeys, queryKeys } from './query-keys';
export type { Answer, CallOptions, Method, Operation, PathOf } from './typed';
export type { components, paths } from './openapi.gen';
