import { msg } from './message';
import { z } from 'zod';
import { MOUNTINGS } from '../vocabulary';
import { AreaGeometry, Bbox, MultiPolygonGeometry, PointGeometry } from './geojson';
import { CountryCode, Timestamps, Uuid, optionalText, requiredText } from './common';

const timeZones = new Set(Intl.supportedValuesOf('timeZone'));

const plantFields = {
  clientId: Uuid,
  name: requiredText(200),
  reference: optionalText(64),
  mounting: z.enum(MOUNTINGS).optional(),
  address: optionalText(500),
  postalCode: optionalText(16),
  city: optionalText(120),
  country: CountryCode.optional(),
  peakKwp: z.number().min(0).max(10_000_000).nullable().optional().describe('Peak power in kWp'),
  commissioningDate: z.iso.date({ error: msg('v.date') }).nullable().optional(),
  srid: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('EPSG code of the projected CRS (metres) used for metric work; suggested from the location when omitted'),
  crs: z
    .string()
    .max(200)
    .optional()
    .describe('CRS of the location and boundary given, e.g. EPSG:2154; EPSG:4326 (lon, lat) when omitted'),
  location: PointGeometry.nullable().optional(),
  boundary: AreaGeometry.nullable().optional().describe('Polygon or MultiPolygon'),
  tariffEurPerKwh: z.number().min(0).max(100).nullable().optional(),
  specificYieldKwhPerKwp: z
    .number()
    .gt(0)
    .lt(3000)
    .nullable()
    .optional()
    .describe('kWh per kWp per year (kept to 0.1), for the €/year of a report’s losses; null: the default (DEFAULT_SPECIFIC_YIELD)'),
  timezone: z
    .string()
    .refine((tz) => timeZones.has(tz), { error: msg('v.timezone') })
    .optional(),
  publicShare: z.boolean().optional().describe('Anonymous map access to this plant'),
  notes: optionalText(10_000),
};

export const PlantCreate = z.strictObject(plantFields).meta({ id: 'PlantCreate' });
export type PlantCreate = z.infer<typeof PlantCreate>;

export const PlantUpdate = z.strictObject(plantFields).partial().meta({ id: 'PlantUpdate' });
export type PlantUpdate = z.infer<typeof PlantUpdate>;

export const Plant = z
  .object({
    id: Uuid,
    clientId: Uuid,
    clientName: z.string(),
    name: z.string(),
    reference: z.string().nullable(),
    mounting: z.enum(MOUNTINGS),
    address: z.string().nullable(),
    postalCode: z.string().nullable(),
    city: z.string().nullable(),
    country: z.string(),
    peakKwp: z.number().nullable(),
    commissioningDate: z.iso.date().nullable(),
    srid: z.number().int(),
    location: PointGeometry.nullable(),
    boundary: MultiPolygonGeometry.nullable(),
    bbox: Bbox.nullable(),
    tariffEurPerKwh: z.number().nullable(),
    specificYieldKwhPerKwp: z.number().nullable(),
    timezone: z.string(),
    publicShare: z.boolean(),
    notes: z.string().nullable(),
    moduleCount: z.number().int(),
    ...Timestamps,
  })
  .meta({ id: 'Plant' });
export type Plant = z.infer<typeof Plant>;
