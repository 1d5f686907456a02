import type Router from '@koa/router';
import type Koa from 'koa';
import { type SessionUser, t } from '@calepin/core';
import { clientScope } from '../../../access/scope';
import type { AppContext, AppState, Deps } from '../../../http/context';
import { notFound } from '../../../http/errors';
import { LAYERS } from '../../../layers/catalog';
import { layerProperties } from '../../../layers/columns';
import { CRS84, type Crs, LONLAT, resolveCrs, uri } from '../crs';
import { OwsError } from '../ows-error';
import { type Filter, and } from '../fes/filter';
import type { OgcCache } from '../cache';
import { matchedCount, pageStart, selectionStamp } from '../paging';
import { type FeatureQuery, geojsonRowsSql, render, selection, snapshot } from '../query';
import { catalogSummary, layerOf, title } from '../layers';
import { UUID, checkedValue } from '../values';
import { openApiDocument } from './openapi';

// OGC API – Features Part 1 (core, GeoJSON, OpenAPI 3.0) and Part 2 (CRS by reference).

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
];

export const LIMIT_DEFAULT = 100;
export const LIMIT_MAX = 10_000;
const GEOJSON = 'application/geo+json';

/** OGC API errors are JSON: {code, description}, with the status of the refusal. */
function apiErrors(): Koa.Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (!(error instanceof OwsError)) throw error;
      ctx.status = error.status;
      ctx.body = { code: error.code, description: t(ctx.state.locale, error.key, error.params) };
    }
  };
}

const bad = (name: string, value: string) => new OwsError('InvalidParameterValue', name, 'e.ogc_invalid_parameter', { name, value });

function integer(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw bad(name, value);
  const n = Number(value);
  if (n < min || n > max) throw bad(name, value);
  return n;
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[value.length - 1] : value);

/** The CRS URIs a collection offers the caller (its scope's plants: no other company's CRS). */
const supportedCrs = (srids: number[]) => [CRS84, uri(4326), ...srids.map(uri)];

async function outputCrs(deps: Deps, supported: string[], name: string | undefined, locator: string): Promise<Crs> {
  if (!name) return LONLAT;
  if (!supported.includes(name)) throw bad(locator, name);
  return resolveCrs(deps.db, name, locator);
}

export function mountFeatures(router: Router<AppState>, deps: Deps, cache: OgcCache, auth: Koa.Middleware<AppState>): void {
  const summary = (ctx: AppContext) => catalogSummary(deps.db, cache, clientScope(ctx.state.user as SessionUser));
  const base = (ctx: AppContext) => `${ctx.protocol}://${ctx.host}/ogc/features`;
  const chain = [apiErrors(), auth] as const;

  router.get('/features', ...chain, (ctx) => {
    const b = base(ctx);
    ctx.body = {
      title: 'Calepin',
      description: t(ctx.state.locale, 'e.ogc_landing'),
      links: [
        { rel: 'self', type: 'application/json', title: 'this document', href: b },
        { rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.0', title: 'OpenAPI', href: `${b}/api` },
        { rel: 'conformance', type: 'application/json', title: 'conformance', href: `${b}/conformance` },
        { rel: 'data', type: 'application/json', title: 'collections', href: `${b}/collections` },
      ],
    };
  });

  router.get('/features/conformance', ...chain, (ctx) => {
    ctx.body = { conformsTo: CONFORMANCE };
  });

  router.get('/features/api', ...chain, (ctx) => {
    ctx.type = 'application/vnd.oai.openapi+json;version=3.0';
    ctx.body = openApiDocument(base(ctx));
  });

  const collection = async (ctx: AppContext, name: string, extent: Map<string, [number, number, number, number] | null>, crs: string[]) => {
    const layer = layerOf(name, 'collectionId');
    const b = `${base(ctx)}/collections/${layer.name}`;
    const e = extent.get(layer.name);
    return {
      id: layer.name,
      title: title(layer, ctx.state.locale),
      itemType: 'feature',
      extent: e ? { spatial: { bbox: [e], crs: CRS84 } } : undefined,
      crs,
      storageCrs: uri(4326),
      links: [
        { rel: 'self', type: 'application/json', href: b },
        { rel: 'items', type: GEOJSON, title: title(layer, ctx.state.locale), href: `${b}/items` },
      ],
    };
  };

  router.get('/features/collections', ...chain, async (ctx) => {
    const { extents: extent, srids } = await summary(ctx);
    const crs = supportedCrs(srids);
    ctx.body = {
      links: [{ rel: 'self', type: 'application/json', href: `${base(ctx)}/collections` }],
      collections: await Promise.all(LAYERS.map((l) => collection(ctx, l.name, extent, crs))),
    };
  });

  router.get('/features/collections/:collectionId', ...chain, async (ctx) => {
    const layer = layerOf(ctx.params.collectionId as string, 'collectionId');
    const { extents: extent, srids } = await summary(ctx);
    ctx.body = await collection(ctx, layer.name, extent, supportedCrs(srids));
  });

  router.get('/features/collections/:collectionId/items', ...chain, async (ctx) => {
    const layer = layerOf(ctx.params.collectionId as string, 'collectionId');
    const properties = await layerProperties(deps.db, layer);
    const q = Object.fromEntries(Object.entries(ctx.query).map(([k, v]) => [k, single(v)]));
    const limit = integer('limit', q.limit, LIMIT_DEFAULT, 1, LIMIT_MAX);
    const offset = integer('offset', q.offset, 0, 0, Number.MAX_SAFE_INTEGER);
    const supported = supportedCrs((await summary(ctx)).srids);
    const crs = await outputCrs(deps, supported, q.crs, 'crs');
    const filters: Filter[] = [];
    if (q.bbox !== undefined) {
      const bboxCrs = await outputCrs(deps, supported, q['bbox-crs'], 'bbox-crs');
      const n = q.bbox.split(',').map(Number);
      if (n.length !== 4 || !n.every(Number.isFinite)) throw bad('bbox', q.bbox);
      const [a0, a1, b0, b1] = n as [number, number, number, number];
      const [minx, miny, maxx, maxy] = bboxCrs.latFirst ? [a1, a0, b1, b0] : [a0, a1, b0, b1];
      if (minx > maxx || miny > maxy) throw bad('bbox', q.bbox);
      filters.push({ op: 'spatial', rel: 'intersects', geometry: { kind: 'envelope', minx, miny, maxx, maxy, srid: bboxCrs.srid } });
    }
    const reserved = new Set(['limit', 'offset', 'after', 'bbox', 'bbox-crs', 'crs', 'f', 'datetime']);
    for (const [key, value] of Object.entries(q)) {
      if (reserved.has(key) || value === undefined) continue;
      const property = properties.find((p) => p.name === key);
      if (!property) throw new OwsError('InvalidParameterValue', key, 'e.ogc_property_unknown', { name: key, layer: layer.name });
      filters.push({ op: 'compare', cmp: '=', property: key, value: checkedValue(property, value, key), matchCase: true });
    }
    // `after` (the id the page starts after) is what next links carry: a deep page is an
    // index lookup, where an offset would read and skip every feature before it.
    const after = q.after === undefined ? null : q.after;
    if (after !== null && !UUID.test(after)) throw bad('after', after);
    const query: FeatureQuery = {
      layer,
      properties,
      selected: properties,
      scope: clientScope(ctx.state.user as SessionUser),
      filter: and(filters),
      offset: 0,
      // One more than asked for: it tells whether a next page exists.
      limit: limit + 1,
      crs,
    };
    const sel = await selection(deps.db, query);
    const stamp = selectionStamp(cache, sel);
    // numberMatched of every page of a big layer is counted once while it does not change;
    // an offset page starts after an id too (paging.ts).
    const { matched, rows } = await snapshot(deps.db, async (client) => {
      const start = after ?? (await pageStart(client, cache, sel, offset));
      return { matched: await matchedCount(client, cache, sel, stamp), rows: start === undefined ? null : geojsonRowsSql(sel, start) };
    });
    const self = `${base(ctx)}/collections/${layer.name}/items`;
    const link = (rel: string, set: Record<string, string>, drop: string) => {
      const params = new URLSearchParams(ctx.querystring);
      params.delete(drop);
      for (const [k, v] of Object.entries(set)) params.set(k, v);
      params.set('limit', String(limit));
      return { rel, type: GEOJSON, href: `${self}?${params}` };
    };
    const links = [{ rel: 'self', type: GEOJSON, href: `${self}${ctx.querystring ? `?${ctx.querystring}` : ''}` }];
    if (!after && offset > 0) links.push(link('prev', { offset: String(Math.max(0, offset - limit)) }, 'after'));
    ctx.set('Content-Crs', `<${crs.name}>`);
    ctx.type = GEOJSON;
    // The links and numberReturned close the document: the next link needs the page's last id.
    const header =
      `{"type":"FeatureCollection","numberMatched":${matched as number},` +
      `"timeStamp":"${new Date().toISOString()}","features":[`;
    const footer = (count: number, last: { id: string } | undefined, more: boolean) => {
      const next = more && last ? [link('next', { after: last.id }, 'offset')] : [];
      return `],"numberReturned":${count},"links":${JSON.stringify([...links, ...next])}}`;
    };
    // The extra row is read, never rendered.
    ctx.body = render<{ id: string; f: string }>(header, rows, (row, i) => (i ? ',' : '') + row.f, footer, limit);
  });

  router.get('/features/collections/:collectionId/items/:featureId', ...chain, async (ctx) => {
    const layer = layerOf(ctx.params.collectionId as string, 'collectionId');
    const properties = await layerProperties(deps.db, layer);
    const crs = await outputCrs(deps, supportedCrs((await summary(ctx)).srids), single(ctx.query.crs), 'crs');
    const query: FeatureQuery = {
      layer,
      properties,
      selected: properties,
      scope: clientScope(ctx.state.user as SessionUser),
      filter: { op: 'ids', ids: [ctx.params.featureId as string] },
      offset: 0,
      limit: 1,
      crs,
    };
    const { sql, values } = geojsonRowsSql(await selection(deps.db, query));
    const { rows } = await deps.db.query<{ f: string }>(sql, values);
    if (!rows[0]) throw notFound();
    const self = `${base(ctx)}/collections/${layer.name}/items/${ctx.params.featureId}`;
    const links = [
      { rel: 'self', type: GEOJSON, href: self },
      { rel: 'collection', type: 'application/json', href: `${base(ctx)}/collections/${layer.name}` },
    ];
    ctx.set('Content-Crs', `<${crs.name}>`);
    ctx.type = GEOJSON;
    ctx.body = `${rows[0].f.slice(0, -1)},"links":${JSON.stringify(links)}}`;
  });
}
