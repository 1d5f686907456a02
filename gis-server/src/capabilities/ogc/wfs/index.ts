import type Router from '@koa/router';
import type Koa from 'koa';
import { type SessionUser } from '@calepin/core';
import { MANAGERS, clientScope } from '../../../access/scope';
import type { AppContext, AppState, Deps } from '../../../http/context';
import { LAYERS } from '../../../layers/catalog';
import { readText } from '../auth';
import type { OgcCache } from '../cache';
import { owsErrors } from '../errors';
import { OwsError } from '../ows-error';
import { SUMMARY_TABLES, catalogSummary, layerOf, ogcProperties } from '../layers';
import { capabilitiesXml } from './capabilities';
import { describeXsd } from './describe';
import { getFeature } from './getfeature';
import { type WfsRequest, guessVersion, parseKvp, parseXmlRequest } from './request';
import { editedTables, transaction } from './transaction';

/** Page size QGIS and GDAL use when they page (CountDefault), and the default COUNT in 2.0. */
export const COUNT_DEFAULT = 1_000_000;
/** Largest XML request body (transactions of a few thousand modules). */
const XML_LIMIT = 32 * 1024 * 1024;

export const mayEdit = (user: SessionUser) => (MANAGERS as readonly string[]).includes(user.role);
/** Editing through this request: the role allows it and the credential is not a read-only personal token. */
const editsAllowed = (ctx: AppContext) => mayEdit(ctx.state.user as SessionUser) && !ctx.state.credential?.readOnly;

const kvpOf = (ctx: AppContext): Record<string, string> => {
  const kvp: Record<string, string> = {};
  for (const [key, value] of Object.entries(ctx.query)) {
    kvp[key.toLowerCase()] = Array.isArray(value) ? (value[value.length - 1] ?? '') : (value ?? '');
  }
  return kvp;
};

async function handle(ctx: AppContext, deps: Deps, cache: OgcCache, request: WfsRequest): Promise<void> {
  const user = ctx.state.user as SessionUser;
  const scope = clientScope(user);
  const lang = ctx.state.locale;
  const url = `${ctx.protocol}://${ctx.host}/ogc/wfs`;
  ctx.set('Content-Language', lang);
  switch (request.request) {
    case 'GetCapabilities': {
      // The document itself is remembered per scope, version, language, right to edit and
      // address, while what it says (extents, CRSs) holds: QGIS and GDAL ask at every connection.
      const editable = editsAllowed(ctx);
      const key = `capabilities\n${scope}\n${request.version}\n${lang}\n${editable}\n${url}`;
      // Given again whole to the same request while these tables hold (replay.ts).
      ctx.state.replay = { tables: SUMMARY_TABLES, stamp: cache.stamp(SUMMARY_TABLES) };
      ctx.type = 'application/xml';
      ctx.body = await cache.memo(key, SUMMARY_TABLES, async () => {
        const summary = await catalogSummary(deps.db, cache, scope);
        return capabilitiesXml({
          version: request.version, url, lang, extents: summary.extents, otherSrids: summary.srids, editable, countDefault: COUNT_DEFAULT,
        });
      }, Infinity);
      return;
    }
    case 'DescribeFeatureType': {
      const layers = request.typeNames.length ? request.typeNames.map((n) => layerOf(n, 'typeName')) : LAYERS;
      const described = await Promise.all(layers.map(async (layer) => ({ layer, properties: await ogcProperties(deps.db, layer) })));
      ctx.type = 'application/xml';
      ctx.body = describeXsd(request.version, described);
      return;
    }
    case 'GetFeature': {
      const result = await getFeature(deps.db, cache, request, scope, { countDefault: COUNT_DEFAULT, lang });
      ctx.type = result.contentType;
      ctx.body = result.body;
      return;
    }
    case 'Transaction': {
      if (!mayEdit(user)) {
        throw new OwsError('OperationNotSupported', 'Transaction', 'e.forbidden', { role: user.role }, 403);
      }
      if (!editsAllowed(ctx)) throw new OwsError('OperationNotSupported', 'Transaction', 'e.token_read_only', {}, 403);
      ctx.type = 'application/xml';
      ctx.body = await transaction(deps, request.version, request.document);
      // Counts and page starts of edited layers go now, before PostgreSQL's notice arrives.
      cache.changes.changed(editedTables(request.document));
      return;
    }
  }
}

/** WFS 2.0.0 and 1.1.0 at /ogc/wfs: KVP over GET, XML over POST. */
export function mountWfs(router: Router<AppState>, deps: Deps, cache: OgcCache, auth: Koa.Middleware<AppState>): void {
  const errors = owsErrors(deps.log, (ctx) => (ctx.state as { wfsVersion?: string }).wfsVersion ?? guessVersion(kvpOf(ctx)));
  router.get('/wfs', errors, auth, async (ctx) => {
    const kvp = kvpOf(ctx);
    (ctx.state as { wfsVersion?: string }).wfsVersion = guessVersion(kvp);
    await handle(ctx, deps, cache, parseKvp(kvp));
  });
  router.post('/wfs', errors, auth, async (ctx) => {
    const body = await readText(ctx, XML_LIMIT);
    (ctx.state as { wfsVersion?: string }).wfsVersion = guessVersion({}, body.slice(0, 2000));
    // A KVP request may also come as a form POST.
    const request = ctx.is('application/x-www-form-urlencoded')
      ? parseKvp(Object.fromEntries([...new URLSearchParams(body)].map(([k, v]) => [k.toLowerCase(), v])))
      : parseXmlRequest(body);
    await handle(ctx, deps, cache, request);
  });
}
