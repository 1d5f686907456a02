import type { RouteSpec } from './http/route';
import { authRoutes } from './capabilities/auth/routes';
import { personalTokenRoutes } from './capabilities/auth/personal-tokens';
import { clientRoutes } from './capabilities/clients/routes';
import { indexRoutes } from './capabilities/health/index-route';
import { healthRoutes } from './capabilities/health/routes';
import { layoutRoutes } from './capabilities/layout/routes';
import { layoutEditRoutes } from './capabilities/layout-edit/index';
import { wiringRoutes } from './capabilities/wiring/index';
import { missionPackageRoutes } from './capabilities/mission-package/routes';
import { fieldMissionRoutes } from './capabilities/mission-package/mission-routes';
import { moduleModelRoutes } from './capabilities/module-models/routes';
import { exportRoutes } from './capabilities/ogc/export/routes';
import { openApiRoutes } from './capabilities/openapi/routes';
import { plantRoutes } from './capabilities/plants/routes';
import { userRoutes } from './capabilities/users/routes';
import { fileRoutes } from './capabilities/files/routes';
import { historyRoutes } from './capabilities/history/routes';
import { plantMapRoutes } from './capabilities/plant-map/routes';
import { statsRoutes } from './capabilities/stats/routes';
import { webConfigRoutes } from './capabilities/web/routes';
import { geocoderRoutes } from './capabilities/geocoder/routes';
import { planRoutes } from './capabilities/plans/routes';
import { jobRoutes } from './jobs/routes';
import { syncRoutes } from './capabilities/sync/routes';
import { fieldFileRoutes } from './capabilities/files/field-routes';
import { auditRoutes } from './capabilities/audits/routes';
import { defectRoutes } from './capabilities/audits/defect-routes';
import { photoRoutes } from './capabilities/audits/photo-routes';
import { missionReviewRoutes } from './capabilities/audits/mission-routes';
import { missionRoutes } from './capabilities/missions/routes';
import { planningRoutes } from './capabilities/missions/planning/index';
import { notificationRoutes } from './capabilities/notifications/routes';
import { pushRoutes } from './capabilities/notifications/push-routes';
import { reportRoutes } from './capabilities/reports/routes';
import { diagpvImportRoutes } from './capabilities/diagpv-import/routes';
import { auditExportRoutes } from './capabilities/audit-export/routes';
import { reportWorkflowRoutes } from './capabilities/report-workflow/routes';
import { webReportRoutes } from './capabilities/reports/web/routes';

/** Every route of /api/v1: the one list the router, the OpenAPI document and the permission matrix read. */
export const apiRoutes: RouteSpec[] = [
  ...indexRoutes,
  ...healthRoutes,
  ...authRoutes,
  ...personalTokenRoutes,
  ...userRoutes,
  ...clientRoutes,
  ...plantRoutes,
  ...moduleModelRoutes,
  ...layoutRoutes,
  ...layoutEditRoutes,
  ...wiringRoutes,
  ...missionPackageRoutes,
  ...fieldMissionRoutes,
  ...webConfigRoutes,
  ...geocoderRoutes,
  ...statsRoutes,
  ...historyRoutes,
  ...plantMapRoutes,
  ...fileRoutes,
  ...exportRoutes,
  ...planRoutes,
  ...jobRoutes,
  ...syncRoutes,
  ...fieldFileRoutes,
  ...auditRoutes,
  ...defectRoutes,
  ...photoRoutes,
  ...missionReviewRoutes,
  ...missionRoutes,
  ...planningRoutes,
  ...notificationRoutes,
  ...pushRoutes,
  ...reportRoutes,
  ...diagpvImportRoutes,
  ...auditExportRoutes,
  ...reportWorkflowRoutes,
  ...webReportRoutes,
  ...openApiRoutes(() => apiRoutes),
];
