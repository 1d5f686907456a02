// The rule of docs/sync.md §6 for one column, as a pure function: the engine gives it
// the server's value and clock, and the operation's old and new values and time.

/** When and by which operation a column got its current value through sync. */
export interface Clock {
  time: number;
  operationId: string;
  userId: string | null;
}

export type Decision =
  /** The new value is written; no conflict. */
  | { kind: 'write' }
  /** The server already has the new value: nothing to write. */
  | { kind: 'same' }
  /** Both sides changed the column; the operation is later and wins: a conflict is recorded. */
  | { kind: 'device_wins'; server: Clock }
  /** Both sides changed the column; the server's change is later and stays: a conflict is recorded. */
  | { kind: 'server_wins'; server: Clock };

export interface ColumnInput {
  current: unknown;
  /** false when the operation does not say what it saw (a create over an existing key). */
  hasOld: boolean;
  old: unknown;
  next: unknown;
  clock: Clock | null;
  time: number;
  operationId: string;
  equal(a: unknown, b: unknown): boolean;
}

export function decideColumn(c: ColumnInput): Decision {
  if (c.equal(c.current, c.next)) return { kind: 'same' };
  // The device sent the column unchanged (a form saved whole): it changed nothing.
  if (c.hasOld && c.equal(c.old, c.next)) return { kind: 'same' };
  // The device saw the server's current value: its change is the newer knowledge.
  if (c.hasOld && c.equal(c.current, c.old)) return { kind: 'write' };
  // No synced change ever set this column (a default, a value the database derived, an
  // import): there is no other side to keep.
  if (!c.clock) return { kind: 'write' };
  return later(c.time, c.operationId, c.clock) ? { kind: 'device_wins', server: c.clock } : { kind: 'server_wins', server: c.clock };
}

/** Later device time wins; equal times are settled by operation id, the same way everywhere. */
export function later(time: number, operationId: string, than: Clock): boolean {
  return time !== than.time ? time > than.time : operationId > than.operationId;
}
