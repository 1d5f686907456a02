// Every event a client sends goes through here before its handler (docs/realtime.md §2):
// rate limit, the token checked again, the payload against its schema; refusals are
// answered in the user's language and logged, and never touch another socket.
import { type Locale, type MessageKey, type RtAck, RT_CLIENT_EVENTS, type RtClientEvent, type RtErrorCode, type RtPayload, type SessionUser, describeIssue, t } from '@calepin/core';
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import type { TokenChecker } from '@calepin/core/tokens';

export const RATE_PER_SECOND = 20;
const BURST = 40;
/** A socket refused this many events in a row is flooding: it is disconnected. */
const FLOOD_LIMIT = 500;

export interface SocketState {
  token: string;
  user: SessionUser;
  /** Joined missions: their plant, and when access was last read from the database. */
  missions: Map<string, { plantId: string; checkedAt: number }>;
  plants: Set<string>;
  bucket: { tokens: number; at: number };
  refusedInRow: number;
  lastRefusalLog: number;
  lastPositionAt: number;
}

// Events are checked at run time against core's schemas, so Socket.IO's own event typing is left open.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RtSocket = Socket<any, any, any, SocketState>;

export class Refusal extends Error {
  constructor(
    readonly code: RtErrorCode,
    readonly field: string | null = null,
    readonly key: MessageKey = `rt.${code}` as MessageKey,
    readonly params: Record<string, string | number> = {},
    readonly extra: object = {},
  ) {
    super(code);
  }
}

function takeToken(state: SocketState, now: number): boolean {
  const b = state.bucket;
  b.tokens = Math.min(BURST, b.tokens + ((now - b.at) / 1000) * RATE_PER_SECOND);
  b.at = now;
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

type Handler<E extends RtClientEvent> = (payload: RtPayload<E>) => Promise<object | void>;

export function guard(socket: RtSocket, checker: TokenChecker, log: Logger) {
  const state = socket.data;
  const locale = (): Locale => state.user.locale;

  function refuse(event: string, refusal: Refusal, ack: ((answer: RtAck) => void) | null): void {
    const message = t(locale(), refusal.key, { role: state.user.role, perSecond: RATE_PER_SECOND, event, ...refusal.params });
    const answer = { ok: false as const, code: refusal.code, field: refusal.field, message, ...refusal.extra };
    if (ack) ack(answer);
    else socket.emit('rt:error', { ...answer, event });
    const now = Date.now();
    // One line per second at most for a flood, every other refusal once.
    if (refusal.code !== 'rate_limited' || now - state.lastRefusalLog > 1000) {
      state.lastRefusalLog = now;
      log.warn({ socket: socket.id, user: state.user.id, event, code: refusal.code, field: refusal.field }, 'realtime event refused');
    }
  }

  return {
    refuse,
    on<E extends RtClientEvent>(event: E, handler: Handler<E>): void {
      socket.on(event as string, async (raw: unknown, maybeAck: unknown) => {
        const ack = typeof maybeAck === 'function' ? (maybeAck as (answer: RtAck) => void) : null;
        const now = Date.now();
        if (!takeToken(state, now)) {
          if (++state.refusedInRow >= FLOOD_LIMIT) {
            log.warn({ socket: socket.id, user: state.user.id }, 'realtime socket disconnected: flooding');
            socket.disconnect(true);
            return;
          }
          refuse(event, new Refusal('rate_limited'), ack);
          return;
        }
        state.refusedInRow = 0;
        try {
          if (event !== 'auth') {
            const credential = await checker.check(state.token);
            if (!credential || credential.kind !== 'session') throw new Refusal('unauthorized');
          }
          const parsed = RT_CLIENT_EVENTS[event].safeParse(raw);
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            const field = issue?.path.join('.') || 'payload';
            throw new Refusal('invalid', field, 'rt.invalid', { field, message: issue ? describeIssue(issue, locale()) : '' });
          }
          const result = await handler(parsed.data as RtPayload<E>);
          ack?.({ ok: true, ...(result ?? {}) });
        } catch (error) {
          if (error instanceof Refusal) {
            refuse(event, error, ack);
          } else {
            log.error({ err: error, socket: socket.id, event }, 'realtime event failed');
            refuse(event, new Refusal('server_error'), ack);
          }
        }
      });
    },
  };
}
