// Web Push (RFC 8030 delivery, RFC 8291 payload encryption, RFC 8292 VAPID): the pusher
// sends the `notifications` outbox to the devices their users subscribed
// (sql/migrations/090_web_push.sql, docs/notifications.md).
import webpush from 'web-push';
import type { Logger } from 'pino';
import { type Locale, t } from '@calepin/core';
import type { PushConfig } from '../../config';
import type { Db } from '../../db';
import { type Listening, listen } from '../../pg-listen';
import { notificationText } from './message';

export const PUSH_CHANNEL = 'calepin_push';
/** Notifications taken at once by one instance. */
const BATCH = 50;
/** After this many attempts a notification is no longer pushed (it stays in the bell). */
const MAX_ATTEMPTS = 5;
/** Transient failures in a row after which a subscription is dropped. */
const MAX_FAILURES = 20;
/** How long a push service keeps a message for a device that is off (seconds). */
const TTL = 24 * 3600;
/** A push service that does not answer in this time has failed this attempt. */
const TIMEOUT_MS = 10_000;
/** Swept on this period too: a wake-up missed while the listener reconnected only delays. */
const SWEEP_MS = 60_000;

interface Due {
  id: string;
  userId: string;
  kind: string;
  missionId: string | null;
  params: Record<string, unknown>;
  attempts: number;
  locale: Locale;
  role: string;
  stale: boolean;
}

interface Subscription { id: string; endpoint: string; p256dh: string; auth: string }

/** What the device's service worker gets (field/src/sw.ts shows it). */
export interface PushPayload {
  id: string;
  kind: string;
  title: string;
  body: string;
  /** Where a tap opens: the field app for a technician, the back-office for the others. */
  url: string;
  /** One notification per mission and kind on the device: a newer one replaces it. */
  tag: string;
  missionId: string | null;
}

type Outcome = 'sent' | 'gone' | 'refused' | 'retry';

export function payloadOf(n: Pick<Due, 'id' | 'kind' | 'missionId' | 'params' | 'locale' | 'role'>): PushPayload {
  const reference = typeof n.params.reference === 'string' ? n.params.reference : '';
  const url = n.missionId
    ? n.role === 'technician' ? `/field/?mission=${n.missionId}` : `/missions/${n.missionId}`
    : '/';
  return {
    id: n.id, kind: n.kind, missionId: n.missionId, url,
    title: reference ? t(n.locale, 'push.title', { reference }) : 'Calepin',
    body: notificationText(n.locale, n.kind, n.params),
    tag: `${n.missionId ?? 'calepin'}:${n.kind}`,
  };
}

/** Whether an endpoint is on a push service this server may post to (config.push.services). */
export function allowedEndpoint(endpoint: string, services: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  return services.some((service) => {
    if (/^https?:\/\//.test(service)) return url.origin === new URL(service).origin;
    return url.protocol === 'https:' && (url.hostname === service || url.hostname.endsWith(`.${service}`));
  });
}

/**
 * Takes the due notifications (each instance its own, `skip locked`), leased for a while
 * that grows with each attempt, so that a crash mid-send retries later rather than never.
 */
const TAKE = `
  update notifications n
     set push_due_at = now() + make_interval(secs => 60 * power(2, n.push_attempts)),
         push_attempts = n.push_attempts + 1
    from users u
   where u.id = n.user_id
     and n.id in (select id from notifications where push_due_at <= now()
                   order by push_due_at limit ${BATCH} for update skip locked)
  returning n.id, n.user_id as "userId", n.kind, n.mission_id as "missionId", n.params,
            n.push_attempts as attempts, u.locale, u.role,
            (n.created_at < now() - interval '1 day' or u.disabled_at is not null or u.deleted_at is not null) as stale`;

export class Pusher {
  private listening: Listening | null = null;
  private sweep: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly db: Db,
    private readonly databaseUrl: string,
    private readonly config: PushConfig,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.listening = listen(this.databaseUrl, PUSH_CHANNEL, this.log, { heard: () => this.wake(), reconnected: () => this.wake() });
    this.sweep = setInterval(() => this.wake(), SWEEP_MS);
    this.sweep.unref();
    this.wake();
  }

  /** Sends what is due; a wake-up during a run makes one more run after it. */
  wake(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        while (await this.drainOnce() === BATCH);
      } while (this.again);
    })()
      .catch((error: unknown) => this.log.error({ err: error }, 'push notifications not sent; retried at the next sweep'))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.sweep) clearInterval(this.sweep);
    this.sweep = null;
    await this.listening?.stop();
    await this.running;
  }

  private async drainOnce(): Promise<number> {
    const { rows } = await this.db.query<Due>(TAKE);
    await Promise.all(rows.map((n) => this.pushOne(n)));
    return rows.length;
  }

  private async pushOne(n: Due): Promise<void> {
    const done = () => this.db.query('update notifications set push_due_at = null where id = $1', [n.id]);
    if (n.stale) return void (await done());
    const { rows: subscriptions } = await this.db.query<Subscription>(
      'select id, endpoint, p256dh, auth from push_subscriptions where user_id = $1', [n.userId]);
    const payload = JSON.stringify(payloadOf(n));
    const outcomes = await Promise.all(subscriptions.map((s) => this.send(s, payload)));
    if (outcomes.includes('retry') && n.attempts < MAX_ATTEMPTS) return;
    if (outcomes.includes('retry')) this.log.warn({ notification: n.id, attempts: n.attempts }, 'push given up after its attempts; the notification stays in the app');
    await done();
  }

  private async send(s: Subscription, payload: string): Promise<Outcome> {
    let outcome: Outcome;
    let status = 0;
    try {
      const request = webpush.generateRequestDetails({ endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } }, payload, {
        TTL,
        urgency: 'high',
        vapidDetails: { subject: this.config.subject, publicKey: this.config.publicKey, privateKey: this.config.privateKey },
      });
      // Posted by fetch, which reaches the (allowed) endpoint as it is written.
      const reply = await fetch(request.endpoint, {
        method: request.method,
        headers: request.headers as Record<string, string>,
        body: new Uint8Array(request.body as Buffer),
        redirect: 'error',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      status = reply.status;
      await reply.body?.cancel();
      outcome = reply.ok ? 'sent'
        : status === 404 || status === 410 ? 'gone'
        : status === 429 || status >= 500 ? 'retry'
        : 'refused';
    } catch (error) {
      this.log.warn({ err: error, subscription: s.id }, 'push service not reached');
      outcome = 'retry';
    }
    if (outcome === 'sent') {
      await this.db.query('update push_subscriptions set last_sent_at = now(), failures = 0 where id = $1', [s.id]);
    } else if (outcome === 'gone') {
      // The browser unsubscribed (RFC 8030 §7.3): this device no longer wants them.
      await this.db.query('delete from push_subscriptions where id = $1', [s.id]);
    } else {
      const { rows } = await this.db.query<{ failures: number }>(
        'update push_subscriptions set failures = failures + 1 where id = $1 returning failures', [s.id]);
      if ((rows[0]?.failures ?? 0) >= MAX_FAILURES) await this.db.query('delete from push_subscriptions where id = $1', [s.id]);
      this.log.warn({ subscription: s.id, status, outcome }, 'push refused by the push service');
    }
    return outcome;
  }
}
