import { DiagpvFile, DiagpvImport, DiagpvImported, DiagpvPreview, type Locale, t } from '@calepin/core';
import { MANAGERS } from '../../access/scope';
import { transaction } from '../../db';
import { ApiError } from '../../http/errors';
import { type RouteSpec, defineRoute } from '../../http/route';
import { type DiagpvExport, readExport } from './model';
import { DumpError, parseInserts } from './parse';
import { describePlan, planImport } from './plan';
import { lockImports, runImport } from './write';

/** The file read as data; a broken one is a 400 naming its line and what is wrong there. */
function read(content: string, locale: Locale): DiagpvExport {
  try {
    return readExport(parseInserts(content));
  } catch (error) {
    if (!(error instanceof DumpError)) throw error;
    const why = t(locale, 'e.dump_at_line', { line: error.line, why: t(locale, error.key, error.params) });
    throw new ApiError(400, 'import_file_invalid', { text: `content: ${why}`, field: 'content' });
  }
}

export const diagpvImportRoutes: RouteSpec[] = [
  defineRoute({
    method: 'post',
    path: '/imports/diagpv/preview',
    tag: 'imports',
    summary: 'Read a DiagPV EL export and say what importing it would create (creates nothing)',
    description: 'The SQL text is parsed as data, never executed. See docs/import-diagpv.md for the mapping.',
    roles: MANAGERS,
    body: DiagpvFile,
    response: DiagpvPreview,
    async handler({ body, ctx, deps }) {
      const data = read(body.content, ctx.state.locale);
      return describePlan(await planImport(deps.db, body.content, data), data, ctx.state.locale);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/imports/diagpv',
    tag: 'imports',
    summary: 'Import a DiagPV EL export: clients, plants, a layout from the physical grid, audits and module results',
    description:
      'Importing the same file again creates nothing twice: clients, plants and audits already imported are found again. ' +
      'A plant without modules gets a grid (one table per physical row) at `placements[].location`, to be moved and ' +
      'rotated in the layout editor; a plant with modules receives the results on its modules of the same code.',
    roles: MANAGERS,
    body: DiagpvImport,
    response: DiagpvImported,
    async handler({ body, user, ctx, deps }) {
      const data = read(body.content, ctx.state.locale);
      return transaction(deps.db, async (tx) => {
        await lockImports(tx);
        return runImport(tx, await planImport(tx, body.content, data), body, user.id);
      });
    },
  }),
];
