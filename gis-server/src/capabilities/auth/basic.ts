import { createHash } from 'node:crypto';
import type { SessionUser } from '@calepin/core';
import type { TokenChecker } from '@calepin/core/tokens';
import type { Db } from '../../db';
import { sqlFile } from '../../db';
import { ApiError } from '../../http/errors';
import { verifyPassword } from '../../access/passwords';
import type { LoginLimiter } from './rate-limit';
import { type AccountRow, mayLogIn, sessionUser } from './session';

const userByEmail = sqlFile(import.meta.url, 'users.sql');

/**
 * HTTP Basic authentication (e-mail and password), for clients that cannot log in and
 * refresh tokens: QGIS and GDAL. A WFS layer is read in many pages, each with the same
 * header; argon2 costs ~100 ms and 64 MiB by design (over a second on a busy machine), so
 * a verified pair is remembered (as a SHA-256 of e-mail and password, never the password)
 * while it is used, until `idleMs` without a request — QGIS's GetCapabilities at each
 * connection no longer pays argon2 every minute (issue 21) — and with the token
 * generation of the account, checked at every use: a remembered pair stops working at
 * once when the account is disabled, deleted or changes password (the generation moves,
 * sql/migrations/035). Failures count towards the same rate limit as /auth/login.
 */
interface Verified {
  user: SessionUser;
  generation: number;
  until: number;
}

export class BasicAuth {
  private readonly verified = new Map<string, Verified>();

  constructor(
    private readonly db: Db,
    private readonly checker: TokenChecker,
    private readonly limiter: LoginLimiter,
    private readonly demo: boolean,
    private readonly idleMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The user of an `Authorization: Basic …` value; throws 401 (wrong pair) or 429. */
  async user(credentials: string, ip: string): Promise<SessionUser> {
    const { email, password, key } = pairOf(credentials);
    const known = await this.known(key);
    if (known) return known;

    const keys = [`login:${email}|${ip}`, `ip:${ip}`];
    const wait = this.limiter.retryAfter(keys);
    if (wait > 0) {
      throw new ApiError(429, 'rate_limited', { key: 'e.rate_limited', params: { seconds: wait }, headers: { 'Retry-After': String(wait) } });
    }
    const { rows } = await this.db.query(userByEmail, [email]);
    const row = rows[0] as (AccountRow & { passwordHash: string }) | undefined;
    const ok = await verifyPassword(row?.passwordHash, password);
    if (!row || !ok || !mayLogIn(row, this.demo)) {
      this.limiter.fail(keys);
      throw new ApiError(401, 'invalid_credentials', {
        key: 'e.invalid_credentials',
        headers: { 'WWW-Authenticate': 'Basic realm="Calepin", charset="UTF-8"' },
      });
    }
    this.limiter.succeed(keys[0] as string);
    const user = sessionUser(row);
    if (this.verified.size > 10_000) this.prune();
    this.verified.set(key, { user, generation: row.generation, until: this.now() + this.idleMs });
    return user;
  }

  /**
   * The user of a pair verified earlier and still good (account unchanged since), or null:
   * never argon2, never the database beyond the token generation the checker holds.
   */
  async remembered(credentials: string): Promise<SessionUser | null> {
    return this.known(pairOf(credentials).key);
  }

  /**
   * `remembered` when it can answer without waiting (the checker holds the account's
   * generation): undefined when only the database can tell now.
   */
  rememberedNow(credentials: string): SessionUser | null | undefined {
    const key = pairOf(credentials).key;
    const entry = this.live(key);
    if (!entry) return null;
    const generation = this.checker.heldGeneration(entry.user.id);
    return generation === undefined ? undefined : this.confirm(key, entry, generation);
  }

  private async known(key: string): Promise<SessionUser | null> {
    const entry = this.live(key);
    return entry ? this.confirm(key, entry, await this.checker.generation(entry.user.id)) : null;
  }

  /** The remembered pair under `key`, unless idle too long. */
  private live(key: string): Verified | null {
    const entry = this.verified.get(key);
    return entry && entry.until > this.now() ? entry : null;
  }

  /** Its user while the account's generation is the one it was verified with; forgotten otherwise. */
  private confirm(key: string, entry: Verified, generation: number | null): SessionUser | null {
    if (generation !== entry.generation) {
      if (this.verified.get(key) === entry) this.verified.delete(key);
      return null;
    }
    entry.until = this.now() + this.idleMs;
    return entry.user;
  }

  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.verified) if (entry.until <= now) this.verified.delete(key);
    if (this.verified.size > 10_000) this.verified.clear();
  }
}

/** E-mail (trimmed, lower case) and password of a Basic value, and the key a verified pair is remembered under. */
function pairOf(credentials: string): { email: string; password: string; key: string } {
  const decoded = Buffer.from(credentials, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const email = (colon >= 0 ? decoded.slice(0, colon) : decoded).trim().toLowerCase();
  const password = colon >= 0 ? decoded.slice(colon + 1) : '';
  return { email, password, key: createHash('sha256').update(`${email}\0${password}`).digest('base64') };
}
