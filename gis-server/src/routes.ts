import type { RouteSpec } from './http/route';
import { authRoutes } from './modules/auth/routes';
import { clientRoutes } from './modules/clients/routes';
import { indexRoutes } from './modules/health/index-route';
import { healthRoutes } from './modules/health/routes';
import { layoutRoutes } from './modules/layout/routes';
import { layoutEditRoutes } from './modules/layout-edit/index';
import { wiringRoutes } from './modules/wiring/index';
import { missionPackageRoutes } from './modules/mission-package/routes';
import { moduleModelRoutes } from './modules/module-models/routes';
import { exportRoutes } from './modules/ogc/export/routes';
import { openApiRoutes } from './modules/openapi/routes';
import { plantRoutes } from './modules/plants/routes';
import { userRoutes } from './modules/users/routes';
import { fileRoutes } from './modules/files/routes';
import { historyRoutes } from './modules/history/routes';
import { plantMapRoutes } from './modules/plant-map/routes';
import { statsRoutes } from './modules/stats/routes';
import { webConfigRoutes } from './modules/web/routes';
import { planRoutes } from './modules/plans/routes';
import { jobRoutes } from './jobs/routes';

/** Every route of /api/v1: the one list the router, the OpenAPI document and the permission matrix read. */
export const apiRoutes: RouteSpec[] = [
  ...indexRoutes,
  ...healthRoutes,
  ...authRoutes,
  ...userRoutes,
  ...clientRoutes,
  ...plantRoutes,
  ...moduleModelRoutes,
  ...layoutRoutes,
  ...layoutEditRoutes,
  ...wiringRoutes,
  ...missionPackageRoutes,
  ...webConfigRoutes,
  ...statsRoutes,
  ...historyRoutes,
  ...plantMapRoutes,
  ...fileRoutes,
  ...exportRoutes,
  ...planRoutes,
  ...jobRoutes,
  ...openApiRoutes(() => apiRoutes),
];
