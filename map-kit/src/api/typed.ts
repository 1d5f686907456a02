// The API's paths, parameters, bodies and answers as types, read from the generated
// OpenAPI types (openapi.gen.ts, from gis-server's route declarations).
import type { paths } from './openapi.gen';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Every path (relative to /api/v1, OpenAPI style: `/plants/{plantId}`) that answers `method`. */
export type PathOf<M extends Method> = { [P in keyof paths]: paths[P] extends Record<M, object> ? P : never }[keyof paths];

/** The operation of a path and method. */
export type Operation<P extends keyof paths, M extends Method> = paths[P] extends Record<M, infer O> ? O : never;

type PathParams<O> = O extends { parameters: { path: infer X } } ? X : never;
type QueryParams<O> = O extends { parameters: { query?: infer Q } } ? ([Q] extends [undefined] ? never : Q) : never;
type JsonBody<O> = O extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;
type FileBody<O> = O extends { requestBody: { content: { 'application/octet-stream': unknown } } } ? Blob : never;

type Responses<O> = O extends { responses: infer R } ? R : never;
type SuccessCode<R> = Extract<keyof R, 200 | 201 | 202 | 204>;

/**
 * The parsed answer of a success: the declared JSON, nothing for a 204, and `unknown` for a
 * route that declares no JSON schema for its answer.
 */
export type Answer<O> = [SuccessCode<Responses<O>>] extends [204]
  ? void
  : Responses<O>[SuccessCode<Responses<O>>] extends { content: { 'application/json': infer T } }
    ? T
    : unknown;

/** What a call takes besides its path: the path's parameters, the query and the body, as declared. */
export type CallOptions<O> = ([PathParams<O>] extends [never] ? { path?: undefined } : { path: PathParams<O> }) &
  ([QueryParams<O>] extends [never] ? { query?: undefined } : { query?: QueryParams<O> }) &
  ([JsonBody<O>] extends [never]
    ? [FileBody<O>] extends [never] ? { body?: undefined } : { file: Blob }
    : { body: JsonBody<O> }) & { signal?: AbortSignal };

/** The options argument: optional when nothing in it is required. */
export type CallArgs<O> = object extends CallOptions<O> ? [options?: CallOptions<O>] : [options: CallOptions<O>];
