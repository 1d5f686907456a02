import { createReadStream } from 'node:fs';
import { z } from 'zod';
import { Uuid } from '@calepin/core';
import { STAFF } from '../../access/scope';
import { type RouteSpec, defineRoute } from '../../http/route';
import { writeMissionPackage } from './write';

const Params = z.object({ plantId: Uuid });

export const missionPackageRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/plants/{plantId}/mission-package.gpkg',
    tag: 'layout',
    summary: 'The mission package of a plant: one GeoPackage with the layout and empty field tables',
    description:
      'Layers plant, zones, tables, modules (model, status, string, position, codes), strings, inverters, mppt_inputs, ' +
      'junction_boxes, cables, module_models, package_info, and the empty defects, photos and checklist_answers ' +
      'tables the field client fills in. EPSG:4326. See docs/layout.md.',
    roles: STAFF,
    plant: 'plantId',
    params: Params,
    produces: 'application/geopackage+sqlite3',
    async handler({ plant, ctx, deps }) {
      const file = await writeMissionPackage(deps.config.databaseUrl, plant.id);
      const stream = createReadStream(file.path);
      stream.on('close', () => void file.cleanup());
      const safeName = plant.name.normalize('NFKD').replace(/[^\w.-]+/g, '_').slice(0, 80) || 'plant';
      ctx.type = 'application/geopackage+sqlite3';
      ctx.length = file.size;
      ctx.attachment(`${safeName}-mission-package.gpkg`);
      ctx.body = stream;
    },
  }),
];
