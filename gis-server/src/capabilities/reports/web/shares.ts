// The share links of a report's web report (docs/reports.md, "The interactive web report"):
// made and revoked by a manager from the report's page; whoever holds one reads that one
// plant's web report, without an account, until it expires or is revoked. The link is a
// random token shown once; only its SHA-256 is stored (core/src/tokens.ts checks it).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ReportShare, ReportShareCreate, ReportShareCreated, SharedReport, ShareToken, Uuid } from '@calepin/core';
import { SHARE_TOKEN_PREFIX, hashToken } from '@calepin/core/tokens';
import { MANAGERS } from '../../../access/scope';
import { type Queryable, sqlFile } from '../../../db';
import { ApiError, notFound } from '../../../http/errors';
import { type RouteSpec, defineRoute } from '../../../http/route';
import type { PlantOwner } from '../../../access/plant';

const sharesSql = sqlFile(import.meta.url, 'shares.sql');

/** The plant of `{reportId}` (managers only here: no client rule). */
const reportPlant: PlantOwner = { param: 'reportId', of: 'report', sql: 'select plant_id from reports where id = $1 and deleted_at is null' };

const Params = z.object({ reportId: Uuid });
const ShareParams = Params.extend({ shareId: Uuid });

const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString());
const shareOf = (row: Record<string, unknown>): ReportShare => ({
  ...(row as ReportShare), createdAt: iso(row.createdAt) as string, expiresAt: iso(row.expiresAt) as string, revokedAt: iso(row.revokedAt),
});

async function readShares(db: Queryable, reportId: string, shareId: string | null = null): Promise<ReportShare[]> {
  const { rows } = await db.query(sharesSql, [reportId, shareId]);
  return rows.map(shareOf);
}

export const shareRoutes: RouteSpec[] = [
  defineRoute({
    method: 'post', path: '/reports/{reportId}/shares', tag: 'web report',
    summary: 'Make a share link of the plant’s web report: read-only, that plant only, until it expires or is revoked',
    description: 'The token is in the answer once; only its SHA-256 is kept.',
    roles: MANAGERS, plant: reportPlant, params: Params, body: ReportShareCreate, status: 201, response: ReportShareCreated,
    async handler({ params, body, user, plant, deps }) {
      const token = `${SHARE_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
      const { rows } = await deps.db.query<{ id: string }>(
        `insert into report_shares (report_id, plant_id, token_hash, label, created_by, expires_at)
         values ($1, $2, $3, $4, $5, now() + make_interval(days => $6)) returning id`,
        [params.reportId, plant.id, hashToken(token), body.label ?? '', user.id, body.expiresInDays],
      );
      const [share] = await readShares(deps.db, params.reportId, rows[0]?.id ?? null);
      return { share: share as ReportShare, token, path: `/shared/${token}` };
    },
  }),
  defineRoute({
    method: 'get', path: '/reports/{reportId}/shares', tag: 'web report',
    summary: 'The share links of a report, active, expired and revoked',
    roles: MANAGERS, plant: reportPlant, params: Params,
    response: z.object({ items: z.array(ReportShare) }).meta({ id: 'ReportShareList' }),
    handler: async ({ params, deps }) => ({ items: await readShares(deps.db, params.reportId) }),
  }),
  defineRoute({
    method: 'delete', path: '/reports/{reportId}/shares/{shareId}', tag: 'web report',
    summary: 'Revoke a share link: it stops at once on every server (a revoked link answers 404)',
    roles: MANAGERS, plant: reportPlant, params: ShareParams, status: 204,
    async handler({ params, user, deps }) {
      const { rowCount } = await deps.db.query(
        `update report_shares set revoked_at = coalesce(revoked_at, now()), revoked_by = coalesce(revoked_by, $3)
          where id = $1 and report_id = $2`,
        [params.shareId, params.reportId, user.id],
      );
      if (!rowCount) throw notFound('shareId');
      // This instance forgets at once; the others when they hear the trigger's notification.
      deps.checker.clear();
    },
  }),
  defineRoute({
    method: 'get', path: '/shared/{token}', tag: 'web report',
    summary: 'What a share link opens (the page of the link reads it first): 404 unknown or revoked, 410 expired',
    roles: 'public', params: z.object({ token: ShareToken }), response: SharedReport, errors: [410],
    async handler({ params, deps }) {
      const { rows } = await deps.db.query<SharedReport & { expired: boolean }>(
        `select s.plant_id as "plantId", p.name as "plantName", s.report_id as "reportId", r.title as "reportTitle",
                s.expires_at as "expiresAt", s.expires_at <= now() as expired
           from report_shares s
           join plants p on p.id = s.plant_id and p.deleted_at is null
           join reports r on r.id = s.report_id and r.deleted_at is null
          where s.token_hash = $1 and s.revoked_at is null`,
        [hashToken(params.token)],
      );
      const row = rows[0];
      if (!row) throw new ApiError(404, 'share_not_found', { key: 'e.share_not_found' });
      const expiresAt = iso(row.expiresAt) as string;
      if (row.expired) throw new ApiError(410, 'share_expired', { key: 'e.share_expired', params: { date: expiresAt.slice(0, 10) } });
      return { plantId: row.plantId, plantName: row.plantName, reportId: row.reportId, reportTitle: row.reportTitle, expiresAt };
    },
  }),
];
