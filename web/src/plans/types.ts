// The plans API as docs/plans.md describes it (issue 5).
// TODO(merge plans): take these from core's zod schemas once the server side lands them.

export const PLAN_FORMATS = ['png', 'jpeg', 'tiff', 'geotiff', 'pdf', 'geopdf', 'dxf', 'dwg'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];
export type PlanStatus = 'processing' | 'needs_georeferencing' | 'georeferenced' | 'failed';
export type GeorefMethod = 'geotiff' | 'geopdf' | 'worldfile' | 'dxf_crs' | 'control_points';

export interface PlanLayer {
  name: string;
  featureCount: number;
  geometryTypes: string[];
}

export interface SavedControlPoint {
  id: string;
  pixel: [number, number];
  lonLat: [number, number];
}

export interface Plan {
  id: string;
  plantId: string;
  name: string;
  format: PlanFormat;
  kind: 'raster' | 'vector';
  status: PlanStatus;
  pageCount: number;
  page: number;
  width: number | null;
  height: number | null;
  layers?: PlanLayer[] | null;
  /** The layers chosen as outlines (vector plans). */
  chosenLayers?: string[] | null;
  georef: {
    method: GeorefMethod;
    srid: number;
    transform?: string | null;
    controlPoints?: SavedControlPoint[] | null;
    rmsM?: number | null;
  } | null;
  opacity: number;
  tiles: { source: string; url: string } | null;
  error: { code: string; message: string } | null;
  createdAt: string;
}

export type JobState = 'queued' | 'active' | 'completed' | 'failed';

export interface Job {
  id: string;
  state: JobState;
  progress: number;
  message: string | null;
  result?: unknown;
}

export interface PlanAccepted {
  plan: Plan;
  job: { id: string };
}

export interface GeorefBody {
  transform: string;
  srid?: number;
  points: SavedControlPoint[];
}
