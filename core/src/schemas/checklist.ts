// Checklist templates (checklist_templates.sections) and their answers
// (checklist_responses.answers), shared by the seeds (sql/migrations/070), the field app
// and the office. A template is sections of typed fields; an answer is stored per field id
// (`answers.<fieldId>` in sync: two technicians answering different fields never conflict).
import { z } from 'zod';

const FieldId = z.string().regex(/^[\w-]{1,100}$/);
export const Label = z.object({ fr: z.string().min(1).max(500), en: z.string().min(1).max(500) }).strict();
export type Label = z.infer<typeof Label>;

const common = {
  id: FieldId,
  label: Label,
  /** A section is complete when every required field has an answer. */
  required: z.boolean().optional(),
  help: Label.optional(),
};

const ChoiceOption = z.union([FieldId, z.object({ value: FieldId, label: Label }).strict()]);

export const ChecklistField = z.discriminatedUnion('type', [
  z.object({ ...common, type: z.literal('boolean'), nonConformity: z.array(z.boolean()).max(1).optional() }).strict(),
  z.object({ ...common, type: z.literal('choice'), options: z.array(ChoiceOption).min(2).max(50), nonConformity: z.array(FieldId).optional() }).strict(),
  z.object({ ...common, type: z.literal('text'), maxLength: z.number().int().min(1).max(10_000).optional() }).strict(),
  z.object({
    ...common, type: z.literal('number'), unit: z.string().max(20).optional(),
    /** Limits of what may be entered (a value outside is refused, not a non-conformity). */
    min: z.number().optional(), max: z.number().optional(),
  }).strict(),
  z.object({ ...common, type: z.literal('photo') }).strict(),
]);
export type ChecklistField = z.infer<typeof ChecklistField>;

export const ChecklistSection = z
  .object({ id: FieldId, title: Label, fields: z.array(ChecklistField).min(1).max(200) })
  .strict();
export type ChecklistSection = z.infer<typeof ChecklistSection>;

/** A template's sections: field ids unique across the whole template (they key the answers). */
export const ChecklistSections = z
  .array(ChecklistSection)
  .min(1)
  .max(100)
  .superRefine((sections, ctx) => {
    const seen = new Set<string>();
    for (const section of sections) {
      for (const field of section.fields) {
        if (seen.has(field.id)) ctx.addIssue({ code: 'custom', message: `field id ${field.id} is used twice` });
        seen.add(field.id);
      }
    }
  });

/**
 * One answer: the value (true/false, a choice, text, a number), the photos taken for it
 * (ids of photos rows: a non-conformity needs one), an optional note and where it was
 * observed (a control point on the map, [lon, lat]). The office reads `value` and `photos`
 * (docs/sync.md; the mission integrity check).
 */
export const ChecklistAnswer = z
  .object({
    value: z.union([z.boolean(), z.string().max(10_000), z.number(), z.null()]),
    photos: z.array(z.uuid()).max(50).optional(),
    note: z.string().max(2000).optional(),
    point: z.tuple([z.number().min(-180).max(180), z.number().min(-85.06).max(85.06)]).optional(),
  })
  .strict();
export type ChecklistAnswer = z.infer<typeof ChecklistAnswer>;

export const optionValue = (o: z.infer<typeof ChoiceOption>) => (typeof o === 'string' ? o : o.value);

/** Whether this answer to this field is a non-conformity (which then demands a photo). */
export function isNonConformity(field: ChecklistField, answer: ChecklistAnswer | undefined): boolean {
  if (!answer || answer.value === null) return false;
  if (field.type === 'boolean') return (field.nonConformity ?? []).includes(answer.value as boolean);
  if (field.type === 'choice') return (field.nonConformity ?? []).includes(answer.value as string);
  return false;
}

/** Whether a field has an answer that counts: a value, or a photo for a photo field. */
export function isAnswered(field: ChecklistField, answer: ChecklistAnswer | undefined): boolean {
  if (!answer) return false;
  if (field.type === 'photo') return (answer.photos?.length ?? 0) > 0;
  return answer.value !== null && answer.value !== '';
}

/** Why an answer cannot be accepted as it is (a message key of core's i18n), or null. */
export function answerProblem(field: ChecklistField, answer: ChecklistAnswer): 'checklist.out_of_range' | 'checklist.photo_required' | null {
  if (field.type === 'number' && typeof answer.value === 'number') {
    if ((field.min !== undefined && answer.value < field.min) || (field.max !== undefined && answer.value > field.max)) return 'checklist.out_of_range';
  }
  if (isNonConformity(field, answer) && (answer.photos?.length ?? 0) === 0) return 'checklist.photo_required';
  return null;
}

export interface SectionProgress {
  id: string;
  answered: number;
  total: number;
  /** Required fields still without an answer, and non-conformities still without a photo. */
  missing: string[];
  complete: boolean;
  nonConformities: number;
}

/** Progress of one section: what is answered, what is missing before it can be validated. */
export function sectionProgress(section: ChecklistSection, answers: Record<string, ChecklistAnswer | undefined>): SectionProgress {
  let answered = 0;
  let nonConformities = 0;
  const missing: string[] = [];
  for (const field of section.fields) {
    const answer = answers[field.id];
    const done = isAnswered(field, answer);
    if (done) answered++;
    if (isNonConformity(field, answer)) {
      nonConformities++;
      if ((answer?.photos?.length ?? 0) === 0) missing.push(field.id);
    } else if (field.required && !done) {
      missing.push(field.id);
    }
  }
  return { id: section.id, answered, total: section.fields.length, missing, complete: missing.length === 0, nonConformities };
}
