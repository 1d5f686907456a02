import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { FieldMissionList, MissionPackage, Uuid } from '@calepin/core';
import { STAFF } from '../../access/scope';
import { sqlFile } from '../../db';
import { ApiError } from '../../http/errors';
import { missionPlant } from '../../access/plant';
import { type RouteSpec, defineRoute } from '../../http/route';
import { buildPackage, loadPackageMission, packagePath } from './builds';

const MissionParams = z.object({ missionId: Uuid });
const PackageParams = z.object({ missionId: Uuid, packageId: Uuid });
const missionsSql = sqlFile(import.meta.url, 'sql/field-missions.sql');

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` of a file of `size` bytes; null for anything else (answered whole). */
function byteRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  return start > end || start >= size ? 'unsatisfiable' : { start, end };
}

export const fieldMissionRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/field/missions',
    tag: 'field',
    summary: 'The missions the field app offers: a technician’s own, every open mission for managers and admins',
    roles: STAFF,
    response: FieldMissionList,
    async handler({ user, deps }) {
      const { rows } = await deps.db.query(missionsSql, [user.id, user.role === 'technician']);
      return { items: rows };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/missions/{missionId}/packages',
    tag: 'field',
    summary: 'Build the mission package the field app downloads (a GeoPackage, kept 24 hours)',
    description:
      'The plant’s layout, the mission, its team, audits, module results, defects, photos and checklists, the previous ' +
      'audits and their open defects, the plans as raster overviews, and the device tables with the pull cursor taken ' +
      'before anything was read (docs/sync.md §5, docs/field.md). Download it from `url`, with Range requests to resume.',
    roles: STAFF,
    plant: missionPlant,
    params: MissionParams,
    status: 201,
    response: MissionPackage,
    async handler({ params, deps }) {
      const mission = await loadPackageMission(deps.db, params.missionId);
      const build = await buildPackage(deps.db, deps.config, mission);
      return { ...build, url: `/api/v1/missions/${mission.id}/packages/${build.id}` };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/missions/{missionId}/packages/{packageId}',
    tag: 'field',
    summary: 'Download a built mission package; resumable (Range, If-Range with its ETag)',
    roles: STAFF,
    plant: missionPlant,
    params: PackageParams,
    produces: 'application/geopackage+sqlite3',
    errors: [410, 416],
    async handler({ params, ctx, deps }) {
      await loadPackageMission(deps.db, params.missionId);
      const path = packagePath(deps.config.filesDir, params.missionId, params.packageId);
      const info = await stat(path).catch(() => null);
      if (!info) throw new ApiError(410, 'package_gone', { key: 'e.package_gone', field: 'packageId' });
      const etag = `"${params.packageId}"`;
      ctx.set('ETag', etag);
      ctx.set('Accept-Ranges', 'bytes');
      ctx.set('Cache-Control', 'private, no-transform');
      ctx.type = 'application/geopackage+sqlite3';
      ctx.attachment(`mission-${params.missionId.slice(0, 8)}.gpkg`);
      const ifRange = ctx.get('If-Range');
      const range = !ifRange || ifRange === etag ? byteRange(ctx.get('Range') || undefined, info.size) : null;
      if (range === 'unsatisfiable') {
        throw new ApiError(416, 'range_not_satisfiable', {
          key: 'e.package_range', params: { range: ctx.get('Range'), size: info.size }, field: 'Range',
          headers: { 'Content-Range': `bytes */${info.size}` },
        });
      }
      if (range) {
        ctx.status = 206;
        ctx.set('Content-Range', `bytes ${range.start}-${range.end}/${info.size}`);
        ctx.length = range.end - range.start + 1;
        ctx.body = createReadStream(path, { start: range.start, end: range.end });
      } else {
        ctx.length = info.size;
        ctx.body = createReadStream(path);
      }
    },
  }),
];
