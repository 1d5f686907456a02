import { createReadStream } from 'node:fs';
import { z } from 'zod';
import { ROLES, Uuid, parseCrs } from '@calepin/core';
import { clientScope } from '../../../access/scope';
import { badRequest } from '../../../http/errors';
import { type RouteSpec, defineRoute } from '../../../http/route';
import { LAYERS, layerNamed } from '../../../layers/catalog';
import { EXPORT_FORMAT_NAMES } from './formats';
import { writeExport } from './write';

const Params = z.object({ plantId: Uuid });

const ExportQuery = z.object({
  format: z.enum(EXPORT_FORMAT_NAMES).default('gpkg').describe('gpkg, geojson, shp (zipped), kml, csv (WKT geometry) or dxf'),
  crs: z
    .string()
    .max(100)
    .optional()
    .describe('Output CRS: EPSG:2154, urn:ogc:def:crs:EPSG::2154… Default EPSG:4326; DXF: the plant CRS; KML: always EPSG:4326'),
  layers: z
    .string()
    .max(500)
    .optional()
    .describe(`Comma-separated layers among ${LAYERS.filter((l) => l.name !== 'plants').map((l) => l.name).join(', ')}; default: all, with the plant outline`),
});

export const exportRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/plants/{plantId}/export',
    tag: 'layout',
    summary: 'Export a plant or some of its layers through GDAL (GeoPackage, GeoJSON, Shapefile, KML, CSV, DXF)',
    description:
      'The file is written by GDAL from PostGIS in the chosen CRS. GeoJSON and CSV hold one layer per file: ' +
      'several layers come as a zip of files. Shapefiles always come zipped. Field names are cut to 10 characters in Shapefiles.',
    roles: ROLES,
    plant: 'plantId',
    params: Params,
    query: ExportQuery,
    async handler({ query, user, plant, ctx, deps }) {
      const names = query.layers ? query.layers.split(',').map((s) => s.trim()).filter(Boolean) : LAYERS.map((l) => l.name);
      const layers = names.map((name) => {
        const layer = layerNamed(name);
        if (!layer) throw badRequest('layer_unknown', 'v.one_of', { values: LAYERS.map((l) => l.name).join(', ') }, 'layers');
        return layer;
      });
      let srid = query.format === 'dxf' ? plant.srid : 4326;
      if (query.crs) {
        const parsed = parseCrs(query.crs);
        const known = parsed !== null && (await deps.db.query('select 1 from spatial_ref_sys where srid = $1', [parsed])).rowCount;
        if (!known || parsed === null) throw badRequest('crs_unknown', 'e.crs_unknown', { crs: query.crs }, 'crs');
        srid = parsed;
      }
      if (query.format === 'kml') srid = 4326;
      const safeName = plant.name.normalize('NFKD').replace(/[^\w.-]+/g, '_').slice(0, 80) || 'plant';
      const file = await writeExport(deps.db, {
        databaseUrl: deps.config.databaseUrl,
        plantId: plant.id,
        scope: clientScope(user),
        layers,
        format: query.format,
        srid,
        name: names.length === 1 ? `${safeName}-${names[0]}` : safeName,
      });
      const stream = createReadStream(file.path);
      stream.on('close', () => void file.cleanup());
      ctx.type = file.type;
      ctx.length = file.size;
      ctx.attachment(file.filename);
      ctx.set('Content-Crs', `<http://www.opengis.net/def/crs/EPSG/0/${srid}>`);
      ctx.body = stream;
    },
  }),
];
