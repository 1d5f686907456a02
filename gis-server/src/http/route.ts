import type Router from '@koa/router';
import type { z } from 'zod';
import { type Role, type SessionUser, describeIssue, t } from '@calepin/core';
import { type PlantRef, type VisiblePlant, plantCheck, plantParam, visiblePlant } from '../access/plant';
import type { AppContext, AppState, Deps } from './context';
import { ApiError } from './errors';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type AnyObject = z.ZodType<Record<string, unknown>>;

export interface HandlerInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The caller; always set on routes that are not public. */
  user: SessionUser;
  /**
   * The plant the route declares (`plant`), checked visible to the caller by the router;
   * unset on routes that declare none (and for staff reading a thing of no plant).
   */
  plant: VisiblePlant;
  ctx: AppContext;
  deps: Deps;
}

/**
 * One endpoint, declared once: the router validates with these schemas and checks the
 * roles, and the OpenAPI document is generated from the same declaration.
 */
export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  method: Method;
  /** OpenAPI style, relative to /api/v1: /plants/{plantId} */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** Roles allowed, or 'public' for no authentication at all. */
  roles: readonly Role[] | 'public';
  /**
   * The plant this route acts on: the path parameter holding its id (`'plantId'`), or a
   * `PlantOwner` that finds the plant of a plan, a job… The router answers 404 unless the
   * caller may see that plant (client isolation, access/plant.ts), after validation and
   * before the handler.
   */
  plant?: PlantRef;
  /**
   * A web report's share link may call it too (GET only, with `plant`): its reader stands
   * as a client user of the plant's company, and any plant but the link's is a 404.
   */
  share?: boolean;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Success status; 204 routes return nothing. */
  status?: number;
  response?: z.ZodType;
  /** The request body is a file, streamed by the handler itself (never parsed as JSON). */
  upload?: {
    description: string;
    /** A multipart/form-data body instead of the raw file: its parts, each file or text, with what it holds. */
    form?: { parts: Record<string, { description: string; file: boolean }>; required: string[] };
  };
  /** The success response is a file (this media type), not JSON. */
  produces?: string;
  /** Error statuses worth documenting beyond those implied (400, 401, 403, 404, 413). */
  errors?: number[];
  handler(input: HandlerInput<P, Q, B>): Promise<unknown>;
}

export function defineRoute<P = undefined, Q = undefined, B = undefined>(spec: RouteSpec<P, Q, B>): RouteSpec {
  return spec as RouteSpec;
}

/**
 * The path of the first string holding a NUL character: PostgreSQL text cannot store one
 * (it answered 500), and no field of ours means it. Checked for every route at once.
 */
function nulAt(value: unknown, path: string[] = []): string[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulAt(item, [...path, String(i)]);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = nulAt(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

function validate<T>(schema: z.ZodType<T>, input: unknown, ctx: AppContext): T {
  const nul = nulAt(input);
  if (nul) {
    const field = nul.length ? nul.join('.') : null;
    const predicate = t(ctx.state.locale, 'v.nul_character');
    throw new ApiError(400, 'validation_failed', { text: field ? `${field}: ${predicate}` : predicate, field });
  }
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => {
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
    const field = path.length ? path.map(String).join('.') : null;
    const predicate = describeIssue(issue, ctx.state.locale);
    return { field, message: field ? `${field}: ${predicate}` : predicate };
  });
  const first = details[0] as { field: string | null; message: string };
  throw new ApiError(400, 'validation_failed', { text: first.message, field: first.field, details });
}

const isJson = (ctx: AppContext) => Boolean(ctx.is('json', '+json'));
const hasBody = (ctx: AppContext) => Boolean(ctx.request.length) || ctx.get('transfer-encoding') !== '';

/** The reader of a share link (no user of its own), in the caller's language; null for anyone else. */
function shareReader(ctx: AppContext): { user: SessionUser; plantId: string } | null {
  const credential = ctx.state.credential;
  if (ctx.state.user || credential?.kind !== 'share' || !credential.share) return null;
  return { user: { ...credential.user, locale: ctx.state.locale }, plantId: credential.share.plantId };
}

/** Mounts routes on a Koa router with authentication, roles and validation. */
export function mountRoutes(router: Router<AppState>, routes: RouteSpec[], deps: Deps): void {
  for (const spec of routes) {
    const koaPath = spec.path.replace(/\{(\w+)\}/g, ':$1');
    const check = spec.plant ? plantCheck(spec.plant) : null;
    if (spec.plant && (spec.roles === 'public' || !spec.params || !spec.path.includes(`{${plantParam(spec.plant)}}`))) {
      throw new Error(`${spec.method} ${spec.path}: a plant is checked for an authenticated caller, from a validated parameter of the path`);
    }
    if (spec.share && (!spec.plant || spec.method !== 'get')) {
      throw new Error(`${spec.method} ${spec.path}: a share link reads one plant: GET routes that declare their plant only`);
    }
    router[spec.method](koaPath, async (ctx: AppContext) => {
      const share = spec.share ? shareReader(ctx) : null;
      const user = ctx.state.user ?? share?.user;
      if (spec.roles !== 'public') {
        if (!user) {
          throw new ApiError(401, 'unauthorized', { key: 'e.unauthorized', headers: { 'WWW-Authenticate': 'Bearer' } });
        }
        if (!spec.roles.includes(user.role)) {
          throw new ApiError(403, 'forbidden', { key: 'e.forbidden', params: { role: user.role } });
        }
      }
      const params = spec.params ? validate(spec.params as AnyObject, ctx.params, ctx) : undefined;
      const query = spec.query ? validate(spec.query as AnyObject, ctx.query, ctx) : undefined;
      let body: unknown;
      if (spec.body) {
        if (hasBody(ctx) && !isJson(ctx)) throw new ApiError(415, 'unsupported_media_type', { key: 'e.unsupported_media_type' });
        body = validate(spec.body, (ctx.request as { body?: unknown }).body, ctx);
      }
      // After validation (a malformed id is a 400 naming it), before the handler.
      const plant = check ? await visiblePlant(deps.db, check, String((params as Record<string, unknown>)[check.param]), user as SessionUser) : undefined;
      if (share && plant?.id !== share.plantId) throw new ApiError(404, 'not_found', { key: check?.notFound ?? 'e.not_found' });
      const result = await spec.handler({ params, query, body, user: user as SessionUser, plant: plant as VisiblePlant, ctx, deps });
      if (ctx.body !== undefined) return; // the handler wrote the response itself
      if (result === undefined) {
        ctx.status = 204;
      } else {
        ctx.status = spec.status ?? 200;
        ctx.body = result;
      }
    });
  }
}
