// The sync protocol's messages (docs/sync.md §4–5), shared by the server, the field app
// and the Node device simulator of the tests.
import { z } from 'zod';
import { msg } from '../schemas/message';
import { Uuid } from '../schemas/common';

export const SYNC_PROTOCOL = 1;

export const SYNC_LIMITS = {
  /** Operations per push batch. */
  operations: 1000,
  /** Bytes per push request body (413 above: the device splits the batch). */
  bytes: 2 * 1024 * 1024,
  /** Device times later than the server's clock by more than this are clamped to it. */
  futureSkewMs: 5 * 60_000,
  /** Changes per pull page. */
  pullPage: 1000,
  /** Largest tus chunk (PATCH body). */
  chunkBytes: 8 * 1024 * 1024,
} as const;

export const SYNC_OPS = ['create', 'patch', 'delete'] as const;
export type SyncOp = (typeof SYNC_OPS)[number];

const DeviceTime = z.iso.datetime({ offset: true, error: msg('v.datetime') });

/** One column of an operation: the value the device saw before its edit, and its new value. */
export const ColumnChange = z
  .object({ old: z.unknown().optional(), new: z.unknown().optional() })
  .strict();
export type ColumnChange = z.infer<typeof ColumnChange>;

export const SyncOperation = z
  .object({
    id: Uuid,
    table: z.string().min(1).max(63),
    key: z.record(z.string().max(63), z.unknown()),
    op: z.enum(SYNC_OPS),
    deviceTime: DeviceTime,
    columns: z.record(z.string().min(1).max(200), ColumnChange).default({}),
  })
  .strict()
  .meta({ id: 'SyncOperation' });
export type SyncOperation = z.infer<typeof SyncOperation>;

export const PushRequest = z
  .object({
    protocol: z.literal(SYNC_PROTOCOL),
    deviceId: z.string().min(1).max(100),
    batchId: Uuid,
    missionId: Uuid,
    // At most SYNC_LIMITS.operations: the server answers 413 above, so that the device splits.
    operations: z.array(SyncOperation),
  })
  .strict()
  .meta({ id: 'PushRequest' });
export type PushRequest = z.infer<typeof PushRequest>;

export const REJECT_CODES = ['not_found', 'forbidden', 'column_not_writable', 'invalid', 'constraint', 'deleted'] as const;
export type RejectCode = (typeof REJECT_CODES)[number];

export const ConflictNote = z
  .object({
    conflictId: Uuid,
    kind: z.enum(['column', 'deleted', 'delete_over_change']),
    column: z.string().nullable(),
    kept: z.enum(['server', 'device']),
    serverValue: z.unknown(),
    deviceValue: z.unknown(),
  })
  .meta({ id: 'ConflictNote' });
export type ConflictNote = z.infer<typeof ConflictNote>;

export const OperationResult = z
  .object({
    id: Uuid,
    status: z.enum(['applied', 'conflict', 'rejected']),
    conflicts: z.array(ConflictNote).optional(),
    code: z.enum(REJECT_CODES).optional(),
    field: z.string().nullable().optional(),
    message: z.string().optional(),
  })
  .meta({ id: 'OperationResult' });
export type OperationResult = z.infer<typeof OperationResult>;

export const PushResponse = z
  .object({ batchId: Uuid, serverTime: z.string(), results: z.array(OperationResult) })
  .meta({ id: 'PushResponse' });
export type PushResponse = z.infer<typeof PushResponse>;

export const PullQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(SYNC_LIMITS.pullPage).default(SYNC_LIMITS.pullPage),
});

export const PulledChange = z
  .object({
    table: z.string(),
    key: z.record(z.string(), z.string()),
    op: z.enum(['upsert', 'delete']),
    revision: z.number().int(),
    row: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'PulledChange' });
export type PulledChange = z.infer<typeof PulledChange>;

export const PullResponse = z
  .object({
    changes: z.array(PulledChange),
    cursor: z.string(),
    more: z.boolean(),
    serverTime: z.string(),
    layoutRevision: z.number().int(),
  })
  .meta({ id: 'PullResponse' });
export type PullResponse = z.infer<typeof PullResponse>;

/**
 * The pull cursor: the (transaction id, revision) of the last row a device applied.
 * Opaque to the device; base64url of {"x": "<xid8>", "r": <revision>}.
 */
export interface SyncCursor {
  x: string;
  r: number;
}

export function encodeCursor(cursor: SyncCursor): string {
  const json = JSON.stringify({ x: cursor.x, r: cursor.r });
  return btoa(json).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The cursor in a request, or null when it is not one of ours. */
export function decodeCursor(text: string): SyncCursor | null {
  try {
    const json = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const value = JSON.parse(json) as { x?: unknown; r?: unknown };
    if (typeof value.x !== 'string' || !/^\d{1,20}$/.test(value.x)) return null;
    if (typeof value.r !== 'number' || !Number.isSafeInteger(value.r) || value.r < 0) return null;
    return { x: value.x, r: value.r };
  } catch {
    return null;
  }
}
