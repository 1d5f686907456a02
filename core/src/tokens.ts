// Reading Calepin credentials, for every server that accepts them (gis-server, tile-server).
// A separate entry point (@calepin/core/tokens) so that the browser apps, which import
// core for types and schemas, do not bundle jose.
import { createHash } from 'node:crypto';
import { errors as joseErrors, jwtVerify } from 'jose';
import { AccessClaims, TOKEN_AUDIENCE, TOKEN_ISSUER, userOf } from './schemas/claims';
import type { SessionUser } from './schemas/user';
import { LOCALES, ROLES } from './vocabulary';

/** Personal access tokens start with this, so that a server tells them from a JWT without trying. */
export const PERSONAL_TOKEN_PREFIX = 'cpat_';
/** Share links of a plant's web report start with this (report_shares, migration 087). */
export const SHARE_TOKEN_PREFIX = 'cshr_';
/** The PostgreSQL channel of revocations (sql/migrations/035_token_revocation.sql). */
export const REVOCATION_CHANNEL = 'token_revocations';

/** The key of JWT_SECRET, as jose wants it. */
export const tokenKey = (secret: string): Uint8Array => new TextEncoder().encode(secret);

export const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest();

/** What a verified access token says: who, at which token generation, until when (epoch ms). */
export interface AccessToken {
  user: SessionUser;
  generation: number;
  expiresAt: number;
  /** A service token of the server itself (AccessClaims.svc). */
  service: boolean;
}

/** An access token's claims once its signature, issuer, audience and expiry hold; null otherwise. */
export async function readAccessToken(key: Uint8Array, token: string): Promise<AccessToken | null> {
  try {
    const { payload } = await jwtVerify(token, key, { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, algorithms: ['HS256'] });
    const claims = AccessClaims.safeParse(payload);
    if (!claims.success || typeof payload.exp !== 'number') return null;
    return { user: userOf(claims.data), generation: claims.data.gen, expiresAt: payload.exp * 1000, service: claims.data.svc !== undefined };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) return null;
    throw error;
  }
}

/** The user an access token stands for, or null when it is malformed, forged or expired (signature only: no revocation check). */
export async function verifyAccessToken(key: Uint8Array, token: string): Promise<SessionUser | null> {
  return (await readAccessToken(key, token))?.user ?? null;
}

/** Who a request's credential stands for, and what it may do. */
export interface Credential {
  user: SessionUser;
  /**
   * `session`: an access token of a login; `personal`: a personal access token (QGIS, GDAL);
   * `service`: a token the server gave its own print browser (minutes, read-only);
   * `share`: a web report's share link (one plant, read-only, only on the routes that
   * declare it: servers never treat it as its `user`'s company).
   */
  kind: 'session' | 'personal' | 'service' | 'share';
  /** Personal access tokens read, never write. */
  readOnly: boolean;
  /** The personal access token's id. */
  tokenId: string | null;
  /** When the credential stops working (epoch ms); null: until revoked. */
  expiresAt: number | null;
  /** A share link: the one plant it reads. */
  share?: { id: string; plantId: string };
}

/** A query function: pg's `pool.query` fits. core stays free of a database driver. */
export type Query = (sql: string, params: unknown[]) => Promise<{ rows: unknown[] }>;

// The account's current generation, when it may still use its tokens.
const GENERATION_SQL = `select token_generation as generation from users
  where id = $1 and deleted_at is null and disabled_at is null`;

// A live personal access token of a live account, with the account as it is now (its
// role and company today, not when the token was made).
const PERSONAL_SQL = `select t.id as "tokenId", (extract(epoch from t.expires_at) * 1000)::float8 as "expiresAt",
       u.id, u.email::text as email, u.role, u.client_id as "clientId", u.full_name as "fullName", u.locale
  from personal_tokens t join users u on u.id = t.user_id
 where t.token_hash = $1 and t.revoked_at is null and (t.expires_at is null or t.expires_at > now())
   and u.deleted_at is null and u.disabled_at is null`;

// A live share link of a live report of a live plant. Its reader stands as a client user of
// the plant's company (the routes' SQL filters as for one), held to that plant by the router.
const SHARE_SQL = `select s.id, s.plant_id as "plantId", p.client_id as "clientId",
       (extract(epoch from s.expires_at) * 1000)::float8 as "expiresAt"
  from report_shares s
  join plants p on p.id = s.plant_id and p.deleted_at is null
  join reports r on r.id = s.report_id and r.deleted_at is null
 where s.token_hash = $1 and s.revoked_at is null and s.expires_at > now()`;

interface Remembered<T> {
  value: Promise<T>;
  /** When it was asked of the database (epoch ms). */
  at: number;
  /** The answer, once it came back. */
  settled?: { value: T };
  /** Asked again in the background (`renew`). */
  renewing?: boolean;
}

/** A few thousand answers; the promise is kept, so concurrent misses share one query. Whether one is still good is the caller's `fresh`. */
class ShortCache<T> {
  private readonly entries = new Map<string, Remembered<T>>();

  constructor(
    private readonly max: number,
    private readonly now: () => number,
  ) {}

  get(key: string, load: () => Promise<T>, fresh: (at: number) => boolean): Promise<T> {
    const known = this.entries.get(key);
    if (known && fresh(known.at)) return known.value;
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    const value = load();
    const entry: Remembered<T> = { value, at: this.now() };
    this.entries.set(key, entry);
    value.then(
      (answer) => void (entry.settled = { value: answer }),
      // A failed lookup (database down) is not remembered.
      () => this.entries.delete(key),
    );
    return value;
  }

  /** The answer in hand for `key` while `fresh`, without waiting: undefined when not asked, not back yet or stale. */
  peek(key: string, fresh: (at: number) => boolean): T | undefined {
    const known = this.entries.get(key);
    return known?.settled && fresh(known.at) ? known.settled.value : undefined;
  }

  /**
   * Asks again in the background when the answer in hand is `after` ms old, keeping it
   * meanwhile: a credential in use is never found stale by a request. The new answer
   * replaces the entry only if nothing dropped it meanwhile (a revocation notice heard
   * while the query ran drops the entry, and the answer read before it is thrown away).
   */
  renew(key: string, load: () => Promise<T>, after: number): void {
    const known = this.entries.get(key);
    const at = this.now();
    if (!known?.settled || known.renewing || at - known.at < after) return;
    known.renewing = true;
    const value = load();
    value.then(
      (answer) => {
        if (this.entries.get(key) === known) this.entries.set(key, { value, at, settled: { value: answer } });
      },
      () => void (known.renewing = false),
    );
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  deleteWhere(test: (value: T) => boolean): Promise<void> {
    const checks = [...this.entries].map(async ([key, entry]) => {
      if (test(await entry.value.catch(() => null as T)) && this.entries.get(key) === entry) this.entries.delete(key);
    });
    return Promise.all(checks).then(() => undefined);
  }

  clear(): void {
    this.entries.clear();
  }
}

export interface TokenCheckerOptions {
  /** How long a user's generation or a personal token is trusted without asking the database again. */
  ttlMs?: number;
  /**
   * How long they are trusted while revocations are known to be heard (`heardUntil`): a
   * bound against a mistake, not the guarantee, which stays `ttlMs`. 5 minutes.
   */
  heldMs?: number;
  /** Called when a personal token is read from the database (gis-server records its last use). */
  onPersonalToken?: (tokenId: string) => void;
  now?: () => number;
}

/**
 * Every credential a Calepin server accepts, checked the same way by gis-server and the
 * tile-server: an access token (JWT) must be well signed, unexpired, and carry its user's
 * current token generation (logout, a disabled or deleted account bump it); a personal
 * access token must be live in the database. Database answers are kept `ttlMs` (10 s),
 * and dropped at once when the server hears a revocation (`notified`), so a revocation
 * takes effect immediately everywhere that listens, and within `ttlMs` in any case.
 *
 * A server whose listener proves it hears revocations (`heardUntil`: a heartbeat of its
 * own came back on the listening connection, so every notification committed before it
 * was delivered first) keeps generations and personal tokens up to `heldMs` instead:
 * while the last proof is younger than `ttlMs`, a revocation not yet heard is younger
 * than `ttlMs` too, so the guarantee holds and a QGIS session stops paying a database
 * round trip every 10 s. Share links keep `ttlMs` (a deleted plant or report ends them,
 * and that is not notified). A held answer still in use is asked again in the background
 * once it is half `heldMs` old (`renew`), so a credential in use never makes a request wait
 * for the database (QGIS's GetCapabilities every few minutes, answered in about 1.5 ms).
 */
export class TokenChecker {
  private readonly key: Uint8Array;
  private readonly ttlMs: number;
  private readonly heldMs: number;
  /** Age at which a held answer still in use is asked again in the background (half `heldMs`). */
  private readonly renewAfter: number;
  private readonly now: () => number;
  /** Verified JWTs (checking a signature costs 150–250 µs, most of a cached tile's time). */
  private readonly jwts: ShortCache<AccessToken | null>;
  private readonly generations: ShortCache<{ userId: string; generation: number | null }>;
  private readonly personal: ShortCache<Credential | null>;
  private readonly shares: ShortCache<Credential | null>;
  /** Every revocation committed before this instant has been heard (epoch ms); -Infinity: not known. */
  private heardBefore = Number.NEGATIVE_INFINITY;

  constructor(
    secret: string,
    private readonly query: Query,
    private readonly options: TokenCheckerOptions = {},
  ) {
    this.key = tokenKey(secret);
    this.ttlMs = options.ttlMs ?? 10_000;
    this.heldMs = Math.max(options.heldMs ?? 5 * 60_000, this.ttlMs);
    this.renewAfter = this.heldMs / 2;
    this.now = options.now ?? (() => Date.now());
    this.jwts = new ShortCache(4096, this.now);
    this.generations = new ShortCache(10_000, this.now);
    this.personal = new ShortCache(10_000, this.now);
    this.shares = new ShortCache(10_000, this.now);
  }

  /** Signatures: a verified JWT stays verified (its expiry is checked at each use). */
  private readonly signed = (at: number): boolean => this.now() - at < 60_000;

  /** Database answers that revocations drop: `ttlMs`, or `heldMs` while revocations are heard. */
  private readonly revocable = (at: number): boolean => {
    const now = this.now();
    return now - at < this.ttlMs || (now - at < this.heldMs && now - this.heardBefore < this.ttlMs);
  };

  private readonly brief = (at: number): boolean => this.now() - at < this.ttlMs;

  /**
   * The listener's proof that every revocation committed before `instant` has been
   * applied (its heartbeat, sent at `instant`, came back after them).
   */
  heardUntil(instant: number): void {
    this.heardBefore = Math.max(this.heardBefore, instant);
  }

  /** The credential a token stands for, or null when it is forged, expired or revoked. */
  async check(token: string): Promise<Credential | null> {
    if (token.startsWith(PERSONAL_TOKEN_PREFIX)) return this.personalToken(token);
    if (token.startsWith(SHARE_TOKEN_PREFIX)) return this.shareToken(token);
    const access = await this.jwts.get(token, () => readAccessToken(this.key, token), this.signed);
    if (!access || access.expiresAt <= this.now()) return null;
    if (access.service) return { user: access.user, kind: 'service', readOnly: true, tokenId: null, expiresAt: access.expiresAt };
    if ((await this.generation(access.user.id)) !== access.generation) return null;
    return { user: access.user, kind: 'session', readOnly: false, tokenId: null, expiresAt: access.expiresAt };
  }

  /** A user's current token generation; null when the account is disabled, deleted or unknown. */
  async generation(userId: string): Promise<number | null> {
    const load = () => this.loadGeneration(userId);
    const standing = await this.generations.get(userId, load, this.revocable);
    this.generations.renew(userId, load, this.renewAfter);
    return standing.generation;
  }

  /**
   * A user's generation when this checker holds a fresh answer (as `generation` would
   * return it without asking): undefined when only the database can tell now.
   */
  heldGeneration(userId: string): number | null | undefined {
    const held = this.generations.peek(userId, this.revocable)?.generation;
    if (held !== undefined) this.generations.renew(userId, () => this.loadGeneration(userId), this.renewAfter);
    return held;
  }

  private async loadGeneration(userId: string): Promise<{ userId: string; generation: number | null }> {
    const { rows } = await this.query(GENERATION_SQL, [userId]);
    const row = rows[0] as { generation: number } | undefined;
    return { userId, generation: row ? row.generation : null };
  }

  private async personalToken(token: string): Promise<Credential | null> {
    const key = hashToken(token).toString('base64');
    const load = async () => {
      const { rows } = await this.query(PERSONAL_SQL, [hashToken(token)]);
      const row = rows[0] as (SessionUser & { tokenId: string; expiresAt: number | null }) | undefined;
      if (!row || !ROLES.includes(row.role) || !LOCALES.includes(row.locale)) return null;
      this.options.onPersonalToken?.(row.tokenId);
      const user: SessionUser = { id: row.id, email: row.email, role: row.role, clientId: row.clientId, fullName: row.fullName, locale: row.locale };
      return { user, kind: 'personal', readOnly: true, tokenId: row.tokenId, expiresAt: row.expiresAt } satisfies Credential;
    };
    const credential = await this.personal.get(key, load, this.revocable);
    this.personal.renew(key, load, this.renewAfter);
    if (credential?.expiresAt !== null && credential?.expiresAt !== undefined && credential.expiresAt <= this.now()) return null;
    return credential;
  }

  private async shareToken(token: string): Promise<Credential | null> {
    const credential = await this.shares.get(hashToken(token).toString('base64'), async () => {
      const { rows } = await this.query(SHARE_SQL, [hashToken(token)]);
      const row = rows[0] as { id: string; plantId: string; clientId: string; expiresAt: number } | undefined;
      if (!row) return null;
      const user: SessionUser = { id: row.id, email: 'share-link@calepin.invalid', role: 'client', clientId: row.clientId, fullName: 'share link', locale: 'fr' };
      return { user, kind: 'share', readOnly: true, tokenId: row.id, expiresAt: row.expiresAt, share: { id: row.id, plantId: row.plantId } };
    }, this.brief);
    if (credential && credential.expiresAt !== null && credential.expiresAt <= this.now()) return null;
    return credential;
  }

  /** Forgets what is known of a user's tokens (after a revocation notice, or a revocation by this process). */
  async forgetUser(userId: string): Promise<void> {
    this.generations.delete(userId);
    await this.personal.deleteWhere((c) => c?.user.id === userId);
  }

  /** Applies a `token_revocations` notification ({"user": id}, {"user": id, "token": id} or {"share": id}). */
  async notified(payload: string): Promise<void> {
    let notice: { user?: unknown; share?: unknown } | null;
    try {
      notice = JSON.parse(payload) as typeof notice;
    } catch {
      notice = null;
    }
    if (typeof notice?.user === 'string') await this.forgetUser(notice.user);
    else if (typeof notice?.share === 'string') this.shares.clear();
    else this.clear();
  }

  /** Forgets everything (a share link revoked here, an unreadable notice). */
  clear(): void {
    this.generations.clear();
    this.personal.clear();
    this.shares.clear();
  }

  /** The listening connection was lost: notices may have been missed, and none is known to be heard until the next proof. */
  lost(): void {
    this.heardBefore = Number.NEGATIVE_INFINITY;
    this.clear();
  }
}
