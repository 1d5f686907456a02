import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PLAN_MAX_MEGAPIXELS, type BasemapSpec } from '@calepin/core';
import { parseEnv } from '@calepin/core/env';
import { z } from 'zod';
import { DEFAULT_GEOCODER_URL, basemapsFrom } from './config-basemaps';
import type { TsaConfig } from './capabilities/report-workflow/timestamp';

/** web/dist of this checkout, wherever the server is started from. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));
export const DEFAULT_FIELD_DIR = fileURLToPath(new URL('../../field/dist', import.meta.url));

// Every setting comes from the environment; the README lists them all.
const Env = z.object({
  DATABASE_URL: z.string().min(1, { error: 'DATABASE_URL is required (npm start sets it for the local cluster)' }),
  JWT_SECRET: z.string().min(32, { error: 'JWT_SECRET must have at least 32 characters' }),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  CALEPIN_DEMO: z.enum(['0', '1', 'true', 'false']).default('0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ACCESS_TOKEN_TTL: z.coerce.number().int().min(30).max(86_400).default(900),
  REFRESH_TOKEN_TTL: z.coerce.number().int().min(300).max(90 * 86_400).default(30 * 86_400),
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10_000).default(10),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  BODY_LIMIT: z.string().regex(/^\d+(kb|mb)$/i).default('2mb'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  CALEPIN_DATA_DIR: z.string().min(1).default('.data'),
  CALEPIN_FILES_DIR: z.string().min(1).optional(),
  CALEPIN_WEB_DIR: z.string().min(1).optional(),
  CALEPIN_FIELD_DIR: z.string().min(1).optional(),
  UPLOAD_LIMIT_MB: z.coerce.number().int().min(1).max(10_000).default(100),
  BASEMAPS: z.string().optional(),
  BASEMAP_URL: z.string().optional(),
  BASEMAP_ATTRIBUTION: z.string().max(500).optional(),
  GEOCODER_URL: z
    .string()
    .regex(/^(none|https?:\/\/\S+)$/, { error: 'GEOCODER_URL must be the http(s) URL of a Géoplateforme-compatible /search, or none' })
    .default(DEFAULT_GEOCODER_URL),
  TILE_SERVER_URL: z.url().default('http://127.0.0.1:3000'),
  TRUST_PROXY: z.enum(['0', '1', 'true', 'false']).default('0'),
  PLAN_MAX_MEGAPIXELS: z.coerce.number().positive().max(10_000).default(DEFAULT_PLAN_MAX_MEGAPIXELS),
  CALEPIN_PUBLIC_URL: z.url().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, { error: 'SMTP_URL must be smtp://[user:password@]host[:port] or smtps://…' })
    .optional(),
  MAIL_FROM: z.string().min(3).max(320).default('Calepin <calepin@localhost>'),
  COMPANY_NAME: z.string().min(1).max(200).default('Calepin'),
  COMPANY_DETAILS: z.string().max(1000).optional(),
  PLANNING_SPEED_KMH: z.coerce.number().min(5).max(300).default(60),
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  PRINT_MAX_PAGES: z.coerce.number().int().min(1).max(16).default(2),
  PRINT_ORDERS: z.enum(['0', '1', 'true', 'false']).default('1'),
  REDIS_URL: z.string().regex(/^rediss?:\/\/\S+$/, { error: 'REDIS_URL must be redis://[:password@]host[:port][/db] or rediss://…' }).optional(),
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]{1,40}$/, { error: 'REDIS_PREFIX must be 1 to 40 letters, digits, ":", "_" or "-"' }).default('rt:'),
  REPORT_SIGNING_P12: z.string().min(1).optional(),
  REPORT_SIGNING_PASSPHRASE: z.string().max(1000).default(''),
  REPORT_TSA_URL: z.url({ protocol: /^https?$/, error: 'REPORT_TSA_URL must be the http:// or https:// address of an RFC 3161 time-stamping authority' }).optional(),
  REPORT_TSA_USERNAME: z.string().max(200).optional(),
  REPORT_TSA_PASSWORD: z.string().max(1000).optional(),
  REPORT_TSA_POLICY: z.string().regex(/^[0-2](\.\d+)+$/, { error: 'REPORT_TSA_POLICY must be an OID (e.g. 1.2.3.4.1)' }).optional(),
  REPORT_TSA_TIMEOUT_S: z.coerce.number().min(1).max(120).default(20),
  REPORT_PART_MB: z.coerce.number().min(0.1).max(1024).default(4),
  VAPID_PUBLIC_KEY: z.string().regex(/^[A-Za-z0-9_-]{87}$/, { error: 'VAPID_PUBLIC_KEY must be a P-256 public key, 65 bytes in base64url (web-push generate-vapid-keys)' }).optional(),
  VAPID_PRIVATE_KEY: z.string().regex(/^[A-Za-z0-9_-]{43}$/, { error: 'VAPID_PRIVATE_KEY must be a P-256 private key, 32 bytes in base64url' }).optional(),
  VAPID_SUBJECT: z.string().regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/, { error: 'VAPID_SUBJECT must be mailto:someone@example.com or an https:// URL' }).optional(),
  PUSH_SERVICES: z.string().max(4000).optional(),
});

export interface Config {
  databaseUrl: string;
  jwtSecret: string;
  port: number;
  host: string;
  demo: boolean;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  accessTokenTtl: number;
  refreshTokenTtl: number;
  loginMaxAttempts: number;
  loginWindowSeconds: number;
  bodyLimit: string;
  dbPoolSize: number;
  /** Where uploaded files (plant documents) are kept. */
  filesDir: string;
  /** The built web app (web/dist) served at /. */
  webDir: string;
  /** The built field app (field/dist) served at /field/ (default: field/dist beside web/dist). */
  fieldDir?: string;
  uploadLimitBytes: number;
  /** Raster basemaps offered in the maps besides the plain, offline background (BASEMAPS). */
  basemaps: readonly BasemapSpec[];
  /** The address search service (Géoplateforme /geocodage/search protocol); null: none. */
  geocoderUrl: string | null;
  /** Where gis-server finds the tile-server it proxies under /tiles. */
  tileServerUrl: string;
  /** Behind a reverse proxy: client address and protocol (HSTS) from X-Forwarded-For / -Proto. */
  trustProxy?: boolean;
  /** Most pixels of a raster plan page; larger uploads are refused (413). */
  planMaxPixels?: number;
  /** How people reach this server: links in e-mails, QR codes and calendar feeds. */
  publicUrl: string;
  /** The SMTP server mails go through; null: none are sent (and the UI says so). */
  smtpUrl: string | null;
  mailFrom: string;
  /** The diagnostics company, at the head of printed documents. */
  company: { name: string; details: string | null };
  /** Average driving speed between plants, for the planning's travel check. */
  planningSpeedKmh: number;
  /** Debian's Chromium, which prints PDFs and map composites. */
  chromiumPath: string;
  printMaxPages: number;
  /** Mission orders rendered as PDFs (off: the mails go without one; tests that do not read the PDF). */
  printOrders: boolean;
  /**
   * The company's certificate that signs validated reports (PAdES): a PKCS#12 file and its
   * passphrase. Set-up makes a self-signed one in .data for the demo; unset: reports cannot be validated.
   */
  reportSigning?: { p12Path: string; passphrase: string } | null;
  /** The time-stamping authority of report signatures (PAdES B-T), or none (B-B). */
  reportTimestamp?: TsaConfig | null;
  /** HTML per printed part of a report (bytes; reports/render): bounds Chromium's memory. */
  reportPartBytes?: number;
  /** Jobs at once per lane, from `JOBS_<LANE>_CONCURRENCY` variables (jobs/queue.ts), by variable name. */
  jobConcurrency: Record<string, number>;
  /** Redis for real-time (docs/realtime.md); null or absent: one instance, state in memory. */
  redisUrl?: string | null;
  /** Prefix of every real-time key in Redis (several deployments or tests on one Redis). */
  redisPrefix?: string;
  /** Web Push (docs/notifications.md); null or absent: notifications stay in the app's bell. */
  push?: PushConfig | null;
}

export interface PushConfig {
  /** The VAPID key pair (RFC 8292) the push services know this server by, base64url. */
  publicKey: string;
  privateKey: string;
  /** Who runs this server, for the push services: mailto: or https:. */
  subject: string;
  /**
   * The push services subscriptions may point at (the browsers' own): https origins or
   * host suffixes. The server posts to these URLs, so nothing else is accepted.
   */
  services: readonly string[];
}

/** The push services of Chrome/Edge/Android, Firefox, Safari and Windows (a subscription's endpoint host ends with one). */
export const DEFAULT_PUSH_SERVICES = ['fcm.googleapis.com', 'push.services.mozilla.com', 'push.apple.com', 'notify.windows.com'];

const JOB_LIMIT = /^JOBS_[A-Z0-9_]+_CONCURRENCY$/;
const MAX_JOB_LIMIT = 64;

/** Every `JOBS_<LANE>_CONCURRENCY`: a whole number, 0 (this server does not work that lane) to 64. */
function jobConcurrency(env: NodeJS.ProcessEnv): Record<string, number> {
  const limits: Record<string, number> = {};
  const wrong: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!JOB_LIMIT.test(name) || value === undefined) continue;
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n > MAX_JOB_LIMIT) {
      wrong.push(`  ${name}: must be a whole number from 0 to ${MAX_JOB_LIMIT} (jobs at once), not "${value}"`);
    } else {
      limits[name] = n;
    }
  }
  if (wrong.length) throw new Error(`invalid configuration:\n${wrong.join('\n')}`);
  return limits;
}

function pushConfig(e: z.infer<typeof Env>): PushConfig | null {
  if (!e.VAPID_PUBLIC_KEY && !e.VAPID_PRIVATE_KEY) return null;
  if (!e.VAPID_PUBLIC_KEY || !e.VAPID_PRIVATE_KEY) {
    throw new Error('invalid configuration:\n  VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together (npm start makes a pair in .data/vapid.json)');
  }
  const from = /<([^>]+)>/.exec(e.MAIL_FROM)?.[1] ?? e.MAIL_FROM;
  return {
    publicKey: e.VAPID_PUBLIC_KEY,
    privateKey: e.VAPID_PRIVATE_KEY,
    subject: e.VAPID_SUBJECT ?? (e.CALEPIN_PUBLIC_URL?.startsWith('https://') ? e.CALEPIN_PUBLIC_URL : `mailto:${from}`),
    services: e.PUSH_SERVICES ? e.PUSH_SERVICES.split(',').map((s) => s.trim()).filter(Boolean) : DEFAULT_PUSH_SERVICES,
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = parseEnv(Env, env);
  return {
    databaseUrl: e.DATABASE_URL,
    jwtSecret: e.JWT_SECRET,
    port: e.PORT,
    host: e.HOST,
    demo: e.CALEPIN_DEMO === '1' || e.CALEPIN_DEMO === 'true',
    logLevel: e.LOG_LEVEL,
    accessTokenTtl: e.ACCESS_TOKEN_TTL,
    refreshTokenTtl: e.REFRESH_TOKEN_TTL,
    loginMaxAttempts: e.LOGIN_MAX_ATTEMPTS,
    loginWindowSeconds: e.LOGIN_WINDOW_SECONDS,
    bodyLimit: e.BODY_LIMIT,
    dbPoolSize: e.DB_POOL_SIZE,
    filesDir: resolve(e.CALEPIN_FILES_DIR ?? `${e.CALEPIN_DATA_DIR}/files`),
    webDir: resolve(e.CALEPIN_WEB_DIR ?? DEFAULT_WEB_DIR),
    fieldDir: resolve(e.CALEPIN_FIELD_DIR ?? DEFAULT_FIELD_DIR),
    uploadLimitBytes: e.UPLOAD_LIMIT_MB * 1024 * 1024,
    basemaps: basemapsFrom(e),
    geocoderUrl: e.GEOCODER_URL === 'none' ? null : e.GEOCODER_URL,
    tileServerUrl: e.TILE_SERVER_URL,
    jobConcurrency: jobConcurrency(env),
    trustProxy: e.TRUST_PROXY === '1' || e.TRUST_PROXY === 'true',
    planMaxPixels: Math.round(e.PLAN_MAX_MEGAPIXELS * 1e6),
    publicUrl: e.CALEPIN_PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? 'localhost' : e.HOST}:${e.PORT}`,
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM,
    company: { name: e.COMPANY_NAME, details: e.COMPANY_DETAILS ?? null },
    planningSpeedKmh: e.PLANNING_SPEED_KMH,
    chromiumPath: e.CHROMIUM_PATH,
    printMaxPages: e.PRINT_MAX_PAGES,
    printOrders: e.PRINT_ORDERS === '1' || e.PRINT_ORDERS === 'true',
    redisUrl: e.REDIS_URL ?? null,
    redisPrefix: e.REDIS_PREFIX,
    push: pushConfig(e),
    reportSigning: e.REPORT_SIGNING_P12 ? { p12Path: resolve(e.REPORT_SIGNING_P12), passphrase: e.REPORT_SIGNING_PASSPHRASE } : null,
    reportPartBytes: Math.round(e.REPORT_PART_MB * 2 ** 20),
    reportTimestamp: e.REPORT_TSA_URL ? {
      url: e.REPORT_TSA_URL, username: e.REPORT_TSA_USERNAME ?? null, password: e.REPORT_TSA_PASSWORD ?? null,
      policy: e.REPORT_TSA_POLICY ?? null, timeoutMs: e.REPORT_TSA_TIMEOUT_S * 1000,
    } : null,
  };
}
