import { z } from 'zod';
import { ROLES, Uuid } from '@calepin/core';
import { clientScope } from '../../access/scope';
import { ApiError } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';
import { getPlan, planPlant } from './repo';
import { vectorCandidates } from './vector';

export const candidateRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/plans/{planId}/candidates',
    tag: 'plans',
    summary: 'Closed outlines on the chosen layers of a georeferenced DXF/DWG plan, as GeoJSON (EPSG:4326)',
    description: 'Candidate tables or modules for the layout: properties layer, handle, areaM2 (in the plant CRS).',
    roles: ROLES,
    plant: planPlant,
    params: z.object({ planId: Uuid }),
    errors: [409],
    async handler({ params, user, deps }) {
      const plan = await getPlan(deps.db, params.planId, clientScope(user));
      if (plan.kind !== 'vector') throw new ApiError(400, 'plan_not_vector', { key: 'e.plan_not_vector' });
      if (plan.status !== 'georeferenced' || !plan.georef) throw new ApiError(409, 'plan_not_georeferenced', { key: 'e.plan_not_georeferenced' });
      return vectorCandidates(deps, plan);
    },
  }),
];
