import { msg } from './message';
import { z } from 'zod';
import { MODULE_TECHNOLOGIES } from '../vocabulary';
import { Timestamps, Uuid, optionalText, requiredText } from './common';

const positive = (max: number) => z.number().positive().max(max).nullable().optional();

const moduleModelFields = {
  manufacturer: requiredText(120),
  model: requiredText(120),
  powerWp: z.number().positive().max(2000).describe('Peak power in Wp'),
  widthMm: z.number().int().min(100).max(5000),
  heightMm: z.number().int().min(100).max(5000),
  thicknessMm: z.number().int().min(1).max(200).nullable().optional(),
  cellsLayout: optionalText(40).describe('e.g. 6x24 or 2x(6x12) half-cut'),
  cellCount: z.number().int().min(1).max(500).nullable().optional(),
  technology: z.enum(MODULE_TECHNOLOGIES).optional(),
  bifacial: z.boolean().optional(),
  vocV: positive(1000),
  iscA: positive(100),
  vmpV: positive(1000),
  impA: positive(100),
};

export const ModuleModelCreate = z
  .strictObject(moduleModelFields)
  .refine((m) => m.widthMm <= m.heightMm, { error: msg('v.width_short_side'), path: ['widthMm'] })
  .meta({ id: 'ModuleModelCreate' });
export type ModuleModelCreate = z.infer<typeof ModuleModelCreate>;

export const ModuleModelUpdate = z.strictObject(moduleModelFields).partial().meta({ id: 'ModuleModelUpdate' });
export type ModuleModelUpdate = z.infer<typeof ModuleModelUpdate>;

export const ModuleModel = z
  .object({
    id: Uuid,
    manufacturer: z.string(),
    model: z.string(),
    powerWp: z.number(),
    widthMm: z.number().int(),
    heightMm: z.number().int(),
    thicknessMm: z.number().int().nullable(),
    cellsLayout: z.string().nullable(),
    cellCount: z.number().int().nullable(),
    technology: z.enum(MODULE_TECHNOLOGIES),
    bifacial: z.boolean(),
    vocV: z.number().nullable(),
    iscA: z.number().nullable(),
    vmpV: z.number().nullable(),
    impA: z.number().nullable(),
    ...Timestamps,
  })
  .meta({ id: 'ModuleModel' });
export type ModuleModel = z.infer<typeof ModuleModel>;
