// The sync protocol's numbers as the device uses them (docs/sync.md; the server side keeps
// the same in core/src/sync/protocol.ts, issue 16).
import type { OperationResult } from '../store/engine/sync-ops';

export const protocolVersion = 1;

export const SYNC_LIMITS_DEVICE = {
  /** Operations per push batch. */
  operations: 1000,
  /** Bytes per push body (the server answers 413 above 2 MiB; a margin for the envelope). */
  bytes: 1.9 * 1024 * 1024,
  pullPage: 1000,
  /** tus chunks (the server takes at most 8 MiB per PATCH). */
  chunkBytes: 4 * 1024 * 1024,
} as const;

export interface PushAnswer {
  batchId: string;
  serverTime: string;
  results: OperationResult[];
}

/** Full jitter: random(0, min(300 s, 1 s × 2^attempt)), or what Retry-After says. */
export function backoffMs(attempt: number, retryAfterS: number | null, random: () => number = Math.random): number {
  if (retryAfterS !== null) return retryAfterS * 1000;
  return Math.round(random() * Math.min(300_000, 1000 * 2 ** Math.min(attempt, 20)));
}
