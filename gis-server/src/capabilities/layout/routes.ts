import { z } from 'zod';
import { LAYER_COLLECTIONS, LAYOUT_LAYERS, type LayoutLayer, LayerQuery, ROLES, Uuid } from '@calepin/core';
import type { Db } from '../../db';
import { type RouteSpec, defineRoute } from '../../http/route';
import { layerSource, layoutLayer } from '../../layers/catalog';
import { clientScope } from '../../access/scope';
import { layerProperties } from '../../layers/columns';
import { geojsonFeatureSql } from '../../layers/features';

/**
 * One page of a layer of one plant as GeoJSON texts, ordered by id for keyset paging:
 * $1 plant id, $2..$5 bbox (minLon, minLat, maxLon, maxLat; null: no bbox), $6 the id
 * after which the page starts (null: first page), $7 page size; defects: $8 audit id or null.
 */
async function pageSql(db: Db, segment: LayoutLayer, scope: string | null): Promise<string> {
  const layer = layoutLayer(segment);
  const properties = (await layerProperties(db, layer)).filter((p) => p.name !== 'plantId');
  return `select s.id, ${geojsonFeatureSql(properties)} as feature
    from (${layerSource(layer, scope)}) s
   where s."plantId" = $1
     and ($2::float8 is null or st_intersects(s.geom, st_makeenvelope($2, $3, $4, $5, 4326)))
     and ($6::uuid is null or s.id > $6)
     ${segment === 'defects' ? 'and ($8::uuid is null or s."auditId" = $8)' : ''}
   order by s.id
   limit $7`;
}

const Params = z.object({ plantId: Uuid });

const SUMMARIES: Record<LayoutLayer, string> = {
  zones: 'Zones of a plant',
  tables: 'Tables (mounting structures) of a plant',
  modules: 'Modules of a plant, with their derived status',
  strings: 'Strings of a plant, as the outline of their modules',
  inverters: 'Inverters of a plant, with their MPPT inputs',
  'junction-boxes': 'Junction boxes of a plant',
  cables: 'Cables of a plant, with their length in metres',
  defects: 'Defects found on a plant',
};

function layerRoute(layer: LayoutLayer): RouteSpec {
  return defineRoute({
    method: 'get',
    path: `/plants/{plantId}/${layer}`,
    tag: 'layout',
    summary: `${SUMMARIES[layer]} (GeoJSON FeatureCollection)`,
    description:
      'Features in EPSG:4326, ordered by id. Pages of `limit` features; when more remain, ' +
      'a `next` link carries the cursor (`after`). `bbox` keeps the features that intersect it.',
    roles: ROLES,
    plant: 'plantId',
    // The web report's 3D view reads the tables and modules: a share link may too.
    share: layer === 'tables' || layer === 'modules',
    params: Params,
    query: LayerQuery,
    response: LAYER_COLLECTIONS[layer],
    async handler({ params, query, plant, user, ctx, deps }) {
      if (query.download) {
        const safeName = plant.name.normalize('NFKD').replace(/[^\w.-]+/g, '_').slice(0, 80) || 'plant';
        ctx.attachment(`${safeName}-${layer}.geojson`);
      }
      const [minx, miny, maxx, maxy] = query.bbox ?? [null, null, null, null];
      const values: unknown[] = [params.plantId, minx, miny, maxx, maxy, query.after ?? null, query.limit + 1];
      if (layer === 'defects') values.push(query.audit ?? null);
      const { rows } = await deps.db.query<{ id: string; feature: string }>(await pageSql(deps.db, layer, clientScope(user)), values);
      const page = rows.slice(0, query.limit);
      const links: { rel: string; href: string; type: string }[] = [];
      if (rows.length > query.limit) {
        const next = new URLSearchParams(ctx.querystring);
        next.set('after', (page[page.length - 1] as { id: string }).id);
        links.push({ rel: 'next', href: `${ctx.path}?${next}`, type: 'application/geo+json' });
      }
      // Features arrive as JSON text from PostGIS and are joined, never parsed here.
      ctx.type = 'application/geo+json';
      ctx.body =
        `{"type":"FeatureCollection","numberReturned":${page.length},"links":${JSON.stringify(links)},` +
        `"features":[${page.map((r) => r.feature).join(',')}]}`;
    },
  });
}

export const layoutRoutes: RouteSpec[] = LAYOUT_LAYERS.map(layerRoute);
