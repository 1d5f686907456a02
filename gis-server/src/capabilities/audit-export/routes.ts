import { PassThrough, Readable } from 'node:stream';
import { z } from 'zod';
import { ROLES, Uuid } from '@calepin/core';
import type { PlantOwner } from '../../access/plant';
import { sqlFile } from '../../db';
import { notFound } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';
import { DEFECT_COLUMNS, MODULE_COLUMNS } from './columns';
import { csvHeader, csvLine } from './csv';
import { streamRows } from './rows';
import { type Summary, writeWorkbook } from './workbook';

const sql = {
  summary: sqlFile(import.meta.url, 'summary.sql'),
  modules: sqlFile(import.meta.url, 'modules.sql'),
  defects: sqlFile(import.meta.url, 'defects.sql'),
};

/** The plant of `{auditId}`; a client sees its validated audits only ($2 is the client scope). */
const auditPlant: PlantOwner = {
  param: 'auditId', of: 'audit (validated, for a client)',
  sql: 'select plant_id from audits where id = $1 and deleted_at is null and ($2::uuid is null or validated_at is not null)',
};

const Params = z.object({ auditId: Uuid });
const CsvQuery = z.object({
  table: z.enum(['modules', 'defects']).default('modules').describe('modules: one row per module of the plant; defects: one row per finding'),
});

const fileName = (summary: Summary, ext: string) => {
  const day = (summary.finishedAt ?? summary.startedAt)?.toISOString().slice(0, 10) ?? 'audit';
  return `${summary.plant.normalize('NFKD').replace(/[^\w.-]+/g, '_').slice(0, 60)}-${summary.auditType}-${day}.${ext}`;
};

export const auditExportRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/audits/{auditId}/export.xlsx',
    tag: 'audits',
    summary: 'The audit as an Excel workbook: summary, module results (every module of the plant), defects',
    description: 'Headers and values in the caller’s language (Accept-Language). Written as a stream: any plant size.',
    roles: ROLES,
    share: true,
    plant: auditPlant,
    params: Params,
    produces: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    async handler({ params, plant, ctx, deps }) {
      const summary = (await deps.db.query<Summary>(sql.summary, [params.auditId])).rows[0];
      if (!summary) throw notFound();
      ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      ctx.attachment(fileName(summary, 'xlsx'));
      ctx.body = writeWorkbook(deps.db, params.auditId, plant.id, summary, sql, ctx.state.locale);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/audits/{auditId}/export.csv',
    tag: 'audits',
    summary: 'The audit’s module results (or its defects) as CSV, UTF-8',
    description: 'Comma-separated, RFC 4180, with a byte order mark; dates in ISO 8601; headers and values in the caller’s language.',
    roles: ROLES,
    share: true,
    plant: auditPlant,
    params: Params,
    query: CsvQuery,
    produces: 'text/csv',
    async handler({ params, query, plant, ctx, deps }) {
      const summary = (await deps.db.query<Summary>(sql.summary, [params.auditId])).rows[0];
      if (!summary) throw notFound();
      const locale = ctx.state.locale;
      const columns = query.table === 'modules' ? MODULE_COLUMNS : DEFECT_COLUMNS;
      const rows = query.table === 'modules'
        ? streamRows(deps.db, sql.modules, [params.auditId, plant.id])
        : streamRows(deps.db, sql.defects, [params.auditId]);
      ctx.type = 'text/csv; charset=utf-8';
      ctx.attachment(fileName(summary, query.table === 'modules' ? 'csv' : 'defects.csv'));
      const lines = Readable.from((async function* () {
        yield csvHeader(columns, locale);
        let chunk = '';
        for await (const row of rows) {
          chunk += csvLine(columns, row, locale);
          if (chunk.length > 64_000) { yield chunk; chunk = ''; }
        }
        if (chunk) yield chunk;
      })());
      ctx.body = lines.pipe(new PassThrough());
    },
  }),
];
