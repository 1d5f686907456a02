import type { RouteSpec } from '../../../http/route';
import { boardRoutes } from './board';
import { feedRoutes } from './feeds';
import { interventionRoutes } from './interventions';

export const planningRoutes: RouteSpec[] = [...boardRoutes, ...interventionRoutes, ...feedRoutes];
