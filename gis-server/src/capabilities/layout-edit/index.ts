import type { RouteSpec } from '../../http/route';
import { editRoutes } from './edit';
import { historyRoutes } from './history-routes';
import { numberingRoutes } from './numbering';
import { tableRoutes } from './tables';
import { candidateRoutes } from './candidates';

/** Layout editing (issue 6, docs/layout.md): tables, modules, edits and their history. */
export const layoutEditRoutes: RouteSpec[] = [...tableRoutes, ...editRoutes, ...historyRoutes, ...numberingRoutes, ...candidateRoutes];
