import type Koa from 'koa';
import type { Logger } from 'pino';
import type { Locale, SessionUser } from '@calepin/core';
import type { Credential, TokenChecker } from '@calepin/core/tokens';
import type { Config } from '../config';
import type { Db } from '../db';
import type { BasicAuth } from '../capabilities/auth/basic';
import type { LoginLimiter } from '../capabilities/auth/rate-limit';
import type { TokenService } from '../capabilities/auth/tokens';
import type { JobQueue } from '../jobs/queue';
import type { Mailer } from '../mail/mailer';
import type { PrintBrowser } from '../print/browser';
import type { Pusher } from '../capabilities/notifications/push';
import type { ReplayMark } from '../capabilities/ogc/replay';

export interface AppState {
  locale: Locale;
  user?: SessionUser;
  /** How the caller authenticated (absent for e-mail + password Basic, anonymous callers). */
  credential?: Credential;
  /** Set by a handler whose answer /ogc may give again whole (capabilities/ogc/replay.ts). */
  replay?: ReplayMark;
}

export type AppContext = Koa.ParameterizedContext<AppState>;

/** What handlers need from the outside world, built once by createApp. */
export interface Deps {
  db: Db;
  config: Config;
  log: Logger;
  tokens: TokenService;
  /** Checks access and personal tokens, revocation included (shared with the tile-server). */
  checker: TokenChecker;
  loginLimiter: LoginLimiter;
  /** HTTP Basic verification with a short cache (OGC clients). */
  basicAuth: BasicAuth;
  /** Background jobs (pg-boss), started on first use or by main.ts. */
  jobs: JobQueue;
  /** The one headless Chromium that prints PDFs and map composites. */
  print: PrintBrowser;
  /** SMTP (SMTP_URL); `configured` is false without one. */
  mailer: Mailer;
  /** Web Push of the notifications (null: not set up, they stay in the bell). */
  pusher: Pusher | null;
}
