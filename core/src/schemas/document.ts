import { z } from 'zod';
import { Uuid, hasControlCharacters, singleLine } from './common';
import { msg } from './message';

export const DOCUMENT_KINDS = ['plan', 'contract', 'datasheet', 'single_line_diagram', 'report', 'photo', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** The metadata of an upload, in the query string; the body is the file itself. */
export const DocumentUploadQuery = z.object({
  // A line break in a file name would end up in Content-Disposition headers and in exports.
  filename: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .refine((f) => !hasControlCharacters(f), { error: msg('v.control_characters'), abort: true })
    .refine((f) => !/[\\/]/.test(f), { error: msg('v.filename') }),
  title: singleLine(z.string().trim().min(1).max(300)).optional().describe('Defaults to the file name'),
  kind: z.enum(DOCUMENT_KINDS).default('other'),
});
export type DocumentUploadQuery = z.infer<typeof DocumentUploadQuery>;

export const PlantDocument = z
  .object({
    id: Uuid,
    plantId: Uuid,
    kind: z.enum(DOCUMENT_KINDS),
    title: z.string(),
    filename: z.string(),
    mimeType: z.string(),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    uploadedBy: z.string().nullable().describe('Full name of the uploader'),
    createdAt: z.iso.datetime({ offset: true }),
    url: z.string().describe('Where the file is served (authenticated)'),
  })
  .meta({ id: 'PlantDocument' });
export type PlantDocument = z.infer<typeof PlantDocument>;

export const PlantDocuments = z.object({ items: z.array(PlantDocument) }).meta({ id: 'PlantDocuments' });
