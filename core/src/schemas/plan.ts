import { z } from 'zod';
import { TRANSFORM_METHODS } from '../georef/types';
import { Uuid } from './common';

export const PLAN_FORMATS = ['png', 'jpeg', 'tiff', 'geotiff', 'pdf', 'geopdf', 'dxf', 'dwg'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];
export const PLAN_STATUSES = ['processing', 'needs_georeferencing', 'georeferenced', 'failed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const GEOREF_METHODS = ['geotiff', 'geopdf', 'worldfile', 'dxf_crs', 'control_points'] as const;
export type GeorefMethod = (typeof GEOREF_METHODS)[number];
export const JOB_STATES = ['queued', 'active', 'completed', 'failed'] as const;

const Position = z.tuple([z.number().finite(), z.number().finite()]);
const LonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

export const PlanControlPoint = z
  .object({
    id: z.string().trim().min(1).max(64),
    pixel: Position.describe('GDAL pixel/line at full resolution: x right, y down, (0,0) the top-left corner'),
    lonLat: LonLat.describe('Where the point is on the map, EPSG:4326'),
  })
  .meta({ id: 'PlanControlPoint' });
export type PlanControlPoint = z.infer<typeof PlanControlPoint>;

export const PlanLayer = z
  .object({ name: z.string(), featureCount: z.number().int(), geometryTypes: z.array(z.string()), selected: z.boolean() })
  .meta({ id: 'PlanLayer' });

export const PlanGeoref = z
  .object({
    method: z.enum(GEOREF_METHODS),
    srid: z.number().int(),
    transform: z.enum(TRANSFORM_METHODS).optional(),
    controlPoints: z.array(PlanControlPoint).optional(),
    rmsM: z.number().optional(),
    bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional().describe('minLon, minLat, maxLon, maxLat of the warped plan'),
  })
  .meta({ id: 'PlanGeoref' });

export const Plan = z
  .object({
    id: Uuid,
    plantId: Uuid,
    name: z.string(),
    format: z.enum(PLAN_FORMATS).nullable().describe('null until the upload has been read'),
    kind: z.enum(['raster', 'vector']).nullable(),
    status: z.enum(PLAN_STATUSES),
    pageCount: z.number().int().nullable(),
    page: z.number().int(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    layers: z.array(PlanLayer).nullable(),
    suggestedSrid: z.number().int(),
    georef: PlanGeoref.nullable(),
    opacity: z.number(),
    tiles: z.object({ source: z.literal('plans'), url: z.string() }).nullable(),
    job: z.object({ id: z.string() }).nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Plan' });
export type Plan = z.infer<typeof Plan>;

export const Plans = z.object({ items: z.array(Plan) }).meta({ id: 'Plans' });
export const PlanAccepted = z.object({ plan: Plan, job: z.object({ id: z.string() }) }).meta({ id: 'PlanAccepted' });

export const PlanPatch = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    page: z.number().int().min(1).max(10_000).optional(),
    opacity: z.number().min(0).max(1).optional(),
    layers: z.array(z.string().min(1).max(255)).max(500).optional().describe('Names of the layers holding table or module outlines (DXF/DWG)'),
  })
  .meta({ id: 'PlanPatch' });

export const PlanFitRequest = z
  .strictObject({
    transform: z.enum(TRANSFORM_METHODS),
    srid: z.number().int().min(1024).max(999_999).optional().describe("Projected CRS of the fit; the plant's by default"),
    points: z.array(PlanControlPoint).max(500),
  })
  .meta({ id: 'PlanFitRequest' });
export type PlanFitRequest = z.infer<typeof PlanFitRequest>;

export const PlanFit = z
  .object({
    srid: z.number().int(),
    residualKind: z.enum(['fit', 'leave_one_out']),
    residuals: z.array(z.object({ id: z.string(), dxM: z.number(), dyM: z.number(), m: z.number() })),
    rmsM: z.number(),
  })
  .meta({ id: 'PlanFit' });

export const Job = z
  .object({
    id: z.string(),
    state: z.enum(JOB_STATES),
    progress: z.number().min(0).max(1),
    message: z.string().nullable(),
    result: z.unknown().optional(),
  })
  .meta({ id: 'Job' });
