import { z } from 'zod';
import { Uuid } from './common';
import { CABLE_KINDS } from '../vocabulary';
import { LineStringGeometry, PolygonGeometry } from './geojson';

// Requests and responses of layout editing (docs/layout.md). Metric values in metres and
// degrees; positions [lon, lat] in EPSG:4326.

const LonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-85.05).max(85.05)]);
const Azimuth = z.number().min(0).lt(360);
const Tilt = z.number().min(0).max(90);
const Height = z.number().min(0).max(100);
const Gap = z.number().min(0).max(20);
const Code = z.string().trim().min(1).max(64);
const Orientation = z.enum(['portrait', 'landscape']);
const Order = z.enum(['row', 'serpentine']);
const Ids = z.array(Uuid).max(500_000);
const EditId = Uuid.describe('the edit, in the plant\'s history (undo/redo)');

export const TableFillSpec = z.strictObject({
  modelId: Uuid,
  rows: z.number().int().min(1).max(100).optional(),
  columns: z.number().int().min(1).max(1000).optional(),
  orientation: Orientation.default('portrait'),
  gapM: Gap.default(0.02),
  rowGapM: Gap.default(0.02),
});

export const TableCreate = z
  .strictObject({
    code: Code.optional(),
    outline: PolygonGeometry.optional(),
    rectangle: z
      .strictObject({
        center: LonLat,
        lengthM: z.number().gt(0).max(2000),
        widthM: z.number().gt(0).max(200),
        azimuthDeg: Azimuth,
      })
      .optional(),
    azimuthDeg: Azimuth.optional(),
    tiltDeg: Tilt.default(0),
    heightM: Height.default(0),
    fill: TableFillSpec.optional(),
  })
  .meta({ id: 'TableCreate' });
export type TableCreate = z.infer<typeof TableCreate>;

export const FillArea = z
  .strictObject({
    area: PolygonGeometry,
    azimuthDeg: Azimuth,
    pitchM: z.number().gt(0).max(1000),
    tableGapM: Gap.default(1),
    table: z.strictObject({
      modelId: Uuid,
      rows: z.number().int().min(1).max(100),
      columns: z.number().int().min(1).max(1000),
      orientation: Orientation.default('portrait'),
      gapM: Gap.default(0.02),
      rowGapM: Gap.default(0.02),
      tiltDeg: Tilt.default(0),
      heightM: Height.default(0),
    }),
  })
  .meta({ id: 'FillArea' });
export type FillArea = z.infer<typeof FillArea>;

export const ModuleCreate = z
  .strictObject({
    center: LonLat,
    azimuthDeg: Azimuth,
    modelId: Uuid,
    orientation: Orientation.default('portrait'),
    tableId: Uuid.optional(),
    code: Code.optional(),
    tiltDeg: Tilt.default(0),
    heightM: Height.default(0),
  })
  .meta({ id: 'ModuleCreate' });

export const LayoutSelection = z.strictObject({ modules: Ids.optional(), tables: Ids.optional() });

export const LayoutTransform = LayoutSelection.extend({
  translateM: z.tuple([z.number().min(-10000).max(10000), z.number().min(-10000).max(10000)]).optional(),
  rotateDeg: z.number().min(-360).max(360).optional(),
  pivot: LonLat.optional(),
}).meta({ id: 'LayoutTransform' });

export const LayoutCopy = LayoutSelection.extend({
  translateM: z.tuple([z.number().min(-10000).max(10000), z.number().min(-10000).max(10000)]),
}).meta({ id: 'LayoutCopy' });

export const LayoutCandidates = z
  .strictObject({
    features: z.strictObject({
      type: z.literal('FeatureCollection'),
      features: z
        .array(z.object({ type: z.literal('Feature'), geometry: PolygonGeometry, properties: z.record(z.string(), z.unknown()).nullish() }))
        .min(1)
        .max(100_000),
    }),
    as: z.enum(['tables', 'modules']),
    modelId: Uuid.optional(),
    azimuthDeg: Azimuth.default(180),
    tiltDeg: Tilt.default(0),
    orientation: Orientation.default('portrait').describe('as tables: the modules\' orientation'),
    rows: z.number().int().min(1).max(100).optional().describe('as tables: rows per table (default: as many as fit)'),
    columns: z.number().int().min(1).max(1000).optional().describe('as tables: modules per row (default: as many as fit)'),
    gapM: Gap.default(0.02),
    rowGapM: Gap.default(0.02),
  })
  .meta({ id: 'LayoutCandidates' });

export const Numbering = z
  .strictObject({ scheme: z.string().trim().min(1).max(60), order: Order.default('row'), tableIds: Ids.optional() })
  .meta({ id: 'Numbering' });

export const StringCreate = z
  .strictObject({ code: Code.optional(), moduleIds: z.array(Uuid).min(1).max(2000) })
  .meta({ id: 'StringCreate' });
export const StringsAuto = z
  .strictObject({ modulesPerString: z.number().int().min(1).max(200), order: Order.default('serpentine'), tableIds: Ids.optional() })
  .meta({ id: 'StringsAuto' });
export const StringUpdate = z
  .strictObject({
    code: Code.optional(),
    inverterId: Uuid.nullable().optional(),
    mpptInputId: Uuid.nullable().optional(),
    junctionBoxId: Uuid.nullable().optional(),
  })
  .meta({ id: 'StringUpdate' });

const MpptInput = z.strictObject({
  index: z.number().int().min(1).max(64),
  maxStrings: z.number().int().min(1).max(64).optional(),
  maxVoltageV: z.number().gt(0).max(5000).optional(),
  maxCurrentA: z.number().gt(0).max(5000).optional(),
});
export const InverterCreate = z
  .strictObject({
    code: Code,
    location: LonLat,
    manufacturer: z.string().trim().max(120).optional(),
    model: z.string().trim().max(120).optional(),
    ratedPowerKw: z.number().gt(0).max(100000).optional(),
    serialNumber: z.string().trim().max(120).optional(),
    mpptInputs: z.array(MpptInput).max(64).default([]),
  })
  .meta({ id: 'InverterCreate' });
// Defaults apply on creation only: a PATCH without mpptInputs keeps the inputs (partial() alone
// would keep the default [] and remove them all), one without kind keeps the cable's kind.
export const InverterUpdate = InverterCreate.partial()
  .extend({ mpptInputs: z.array(MpptInput).max(64).optional() })
  .meta({ id: 'InverterUpdate' });

export const JunctionBoxCreate = z
  .strictObject({
    code: Code,
    location: LonLat,
    inverterId: Uuid.nullable().optional(),
    mpptInputId: Uuid.nullable().optional(),
    inputCount: z.number().int().min(1).max(128).optional(),
  })
  .meta({ id: 'JunctionBoxCreate' });
export const JunctionBoxUpdate = JunctionBoxCreate.partial().meta({ id: 'JunctionBoxUpdate' });

const CableEnd = z.strictObject({
  kind: z.enum(['string', 'junction_box', 'inverter', 'transformer', 'other']),
  id: Uuid.optional(),
});
export const CableCreate = z
  .strictObject({
    code: Code,
    kind: z.enum(CABLE_KINDS).default('dc_string'),
    line: LineStringGeometry,
    from: CableEnd.optional(),
    to: CableEnd.optional(),
    crossSectionMm2: z.number().gt(0).max(10000).optional(),
    conductor: z.enum(['cu', 'al']).optional(),
  })
  .meta({ id: 'CableCreate' });
export const CableUpdate = CableCreate.partial()
  .extend({ kind: z.enum(CABLE_KINDS).optional() })
  .meta({ id: 'CableUpdate' });

export const EditResult = z.object({ editId: EditId }).meta({ id: 'EditResult' });
/** What the user sees as the edit to undo (or redo): replayed only if it still is. */
export const ReplayRequest = z
  .object({
    editId: EditId.optional().describe(
      'the edit the screen shows as the one to undo (redo); when another edit is now in its place, nothing is replayed (409 edit_not_latest)',
    ),
  })
  .meta({ id: 'ReplayRequest' });
export const UndoResult = z
  .object({ editId: EditId, description: z.object({ en: z.string(), fr: z.string() }) })
  .meta({ id: 'UndoResult' });
export const LayoutHistory = z
  .object({
    items: z.array(z.object({
      editId: EditId,
      kind: z.string(),
      description: z.object({ en: z.string(), fr: z.string() }),
      undone: z.boolean(),
      createdAt: z.iso.datetime({ offset: true }),
    })),
  })
  .meta({ id: 'LayoutHistory' });
export const FillResult = z
  .object({ tableCount: z.number().int(), moduleCount: z.number().int(), editId: EditId })
  .meta({ id: 'FillResult' });

export const WiringWarning = z
  .object({
    code: z.string(),
    severity: z.enum(['info', 'warning', 'urgent']),
    message: z.object({ en: z.string(), fr: z.string() }),
    ids: z.array(Uuid),
  })
  .meta({ id: 'WiringWarning' });

