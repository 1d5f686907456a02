import type { Queryable } from '../../db';

export type MissionEventKind = 'created' | 'updated' | 'status' | 'planning' | 'document' | 'mail';

/** Writes who did what to a mission, when: the plant's intervention history reads it. */
export async function recordEvent(
  db: Queryable,
  missionId: string,
  kind: MissionEventKind,
  userId: string | null,
  detail: Record<string, unknown> = {},
  status: { from?: string; to?: string } = {},
): Promise<void> {
  await db.query(
    `insert into mission_events (mission_id, kind, user_id, detail, from_status, to_status) values ($1, $2, $3, $4, $5, $6)`,
    [missionId, kind, userId, JSON.stringify(detail), status.from ?? null, status.to ?? null],
  );
}
