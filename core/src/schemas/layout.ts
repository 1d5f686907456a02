import { z } from 'zod';
import { AUDIT_TYPES, CABLE_KINDS, DEFECT_TYPES, SEVERITIES } from '../vocabulary';
import { MAP_STATUSES, MODULE_STATUSES } from '../status';
import type { Bbox} from './geojson';
import { featureCollection } from './geojson';
import { Uuid } from './common';

/** The layers of a plant's layout, as URL segments: GET /plants/{id}/{layer}. */
export const LAYOUT_LAYERS = [
  'zones', 'tables', 'modules', 'strings', 'inverters', 'junction-boxes', 'cables', 'defects',
] as const;
export type LayoutLayer = (typeof LAYOUT_LAYERS)[number];

const num = z.number().nullable();
const ref = Uuid.nullable();
const text = z.string().nullable();

export const ZoneProperties = z.object({ code: z.string(), name: text });

export const TableProperties = z.object({
  code: z.string(),
  zoneId: ref,
  tiltDeg: num,
  azimuthDeg: num,
  heightM: num,
  rowCount: z.number().int().nullable(),
  columnCount: z.number().int().nullable(),
  orientation: z.enum(['portrait', 'landscape']).nullable(),
  moduleCount: z.number().int(),
});

export const ModuleProperties = z.object({
  code: z.string(),
  status: z.enum(MAP_STATUSES),
  stringId: ref,
  stringCode: text,
  positionInString: z.number().int().nullable(),
  tableId: ref,
  tableCode: text,
  modelId: ref,
  rowIndex: z.number().int().nullable(),
  columnIndex: z.number().int().nullable(),
  tiltDeg: num,
  azimuthDeg: num,
  heightM: num,
  revision: z.number().int(),
});

export const StringProperties = z.object({
  code: z.string(),
  inverterId: ref,
  inverterCode: text,
  mpptInputId: ref,
  mpptIndex: z.number().int().nullable(),
  junctionBoxId: ref,
  junctionBoxCode: text,
  moduleCount: z.number().int(),
});

export const InverterProperties = z.object({
  code: z.string(),
  manufacturer: text,
  model: text,
  ratedPowerKw: num,
  serialNumber: text,
  mpptInputs: z.array(z.object({ id: Uuid, index: z.number().int(), maxStrings: z.number().int().nullable() })),
  stringCount: z.number().int(),
});

export const JunctionBoxProperties = z.object({
  code: z.string(),
  inverterId: ref,
  inverterCode: text,
  inputCount: z.number().int().nullable(),
});

export const CableProperties = z.object({
  code: z.string(),
  kind: z.enum(CABLE_KINDS),
  fromKind: text,
  fromId: ref,
  toKind: text,
  toId: ref,
  crossSectionMm2: num,
  conductor: z.enum(['cu', 'al']).nullable(),
  lengthM: num.describe('Length in metres, computed in the plant CRS'),
});

export const DefectProperties = z.object({
  auditId: Uuid,
  auditType: z.enum(AUDIT_TYPES),
  targetKind: z.enum(['module', 'string', 'inverter', 'junction_box', 'cable', 'point']),
  moduleId: ref,
  moduleCode: text,
  targetId: ref,
  defectType: z.enum(DEFECT_TYPES),
  moduleStatus: z.enum(MODULE_STATUSES),
  severity: z.enum(SEVERITIES),
  iecClass: z.number().int().nullable(),
  deltaTC: num,
  description: text,
  authorId: ref,
  observedAt: z.iso.datetime({ offset: true }),
  resolvedAt: z.iso.datetime({ offset: true }).nullable(),
  source: z.enum(['manual', 'ai']),
  aiConfidence: num,
  photoCount: z.number().int(),
});

export const LAYER_COLLECTIONS = {
  zones: featureCollection('ZoneCollection', ZoneProperties),
  tables: featureCollection('TableCollection', TableProperties),
  modules: featureCollection('ModuleCollection', ModuleProperties),
  strings: featureCollection('StringCollection', StringProperties),
  inverters: featureCollection('InverterCollection', InverterProperties),
  'junction-boxes': featureCollection('JunctionBoxCollection', JunctionBoxProperties),
  cables: featureCollection('CableCollection', CableProperties),
  defects: featureCollection('DefectCollection', DefectProperties),
} as const satisfies Record<LayoutLayer, z.ZodType>;

const bboxParam = z
  .string()
  .transform((s, ctx) => {
    const parts = s.split(',').map((p) => Number(p.trim()));
    const [minx, miny, maxx, maxy] = parts as [number, number, number, number];
    const ok =
      parts.length === 4 &&
      parts.every(Number.isFinite) &&
      minx <= maxx && miny <= maxy &&
      minx >= -180 && maxx <= 180 && miny >= -90 && maxy <= 90;
    if (!ok) {
      ctx.addIssue({
        code: 'custom',
        message: 'v.bbox',
      });
      return z.NEVER;
    }
    return parts as z.infer<typeof Bbox>;
  })
  .describe('minLon,minLat,maxLon,maxLat in EPSG:4326');

export const LayerQuery = z.object({
  bbox: bboxParam.optional(),
  limit: z.coerce.number().int().min(1).max(50_000).default(10_000),
  after: Uuid.optional().describe('Cursor: the id of the last feature of the previous page'),
  audit: Uuid.optional().describe('Defects only: the defects of one audit'),
  download: z.enum(['1', 'true']).optional().describe('1: served as an attachment (<plant>-<layer>.geojson)'),
});
export type LayerQuery = z.infer<typeof LayerQuery>;
