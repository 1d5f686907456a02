import type { RouteSpec } from '../../http/route';
import { cableRoutes } from './cables';
import { inverterRoutes } from './inverters';
import { junctionBoxRoutes } from './junction-boxes';
import { stringRoutes } from './strings';
import { warningRoutes } from './warnings';
import { singleLineRoutes } from './single-line';

/** The electrical model (issue 6, docs/layout.md): strings, inverters, junction boxes, cables, checks, diagrams. */
export const wiringRoutes: RouteSpec[] = [...stringRoutes, ...inverterRoutes, ...junctionBoxRoutes, ...cableRoutes, ...warningRoutes, ...singleLineRoutes];
