import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Queryable } from '../../db';
import { notFound } from '../../http/errors';
import { snapshotCursor } from '../../sync/pull';
import { writeFieldPackage } from './field-package';
import type { PackagePlan } from './plan-rasters';

// A mission package is built once and kept on the server's disk for a day under an id, so
// that a tablet downloads the very same bytes across cuts and reloads (Range requests,
// If-Range on the id): a download is resumable because the file does not change under it.
export const PACKAGE_TTL_MS = 24 * 3600_000;

export interface PackageBuild {
  id: string;
  missionId: string;
  size: number;
  createdAt: string;
  layoutRevision: string | null;
  plans: number;
}

const dirOf = (filesDir: string) => join(resolve(filesDir), 'field-packages');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The file of a build; ids are checked UUIDs, so no request reaches another path. */
export function packagePath(filesDir: string, missionId: string, packageId: string): string {
  if (!UUID.test(missionId) || !UUID.test(packageId)) throw notFound('packageId');
  return join(dirOf(filesDir), `${missionId}.${packageId}.gpkg`);
}

/** The mission (404 when it does not exist or is deleted, or its plant is) and its plant. */
export async function loadPackageMission(db: Queryable, missionId: string): Promise<{ id: string; plantId: string }> {
  const { rows } = await db.query<{ plant_id: string }>(
    `select m.plant_id from missions m join plants p on p.id = m.plant_id
      where m.id = $1 and m.deleted_at is null and p.deleted_at is null`,
    [missionId],
  );
  const mission = rows[0];
  if (!mission) throw notFound('missionId');
  return { id: missionId, plantId: mission.plant_id };
}

/** The plant's layout revision when the database keeps one (the sync migration adds it). */
async function layoutRevision(db: Queryable, plantId: string): Promise<string | null> {
  const { rows } = await db.query<{ revision: string | null }>(
    `select case when to_regclass('plant_layout_revisions') is null then null
                 else (select revision::text from plant_layout_revisions where plant_id = $1) end as revision`,
    [plantId],
  ).catch(() => ({ rows: [{ revision: null }] }));
  return rows[0]?.revision ?? null;
}

async function plansOf(db: Queryable, plantId: string): Promise<PackagePlan[]> {
  const { rows } = await db.query<PackagePlan>(
    `select id, name, opacity::float8 as opacity, cog_path as "cogPath" from plans
      where plant_id = $1 and status = 'georeferenced' and cog_path is not null
      order by created_at`,
    [plantId],
  );
  return rows;
}

/** Builds a mission's package now (the cursor first, then everything read) and keeps it for a day. */
export async function buildPackage(
  db: Queryable, config: { databaseUrl: string; filesDir: string }, mission: { id: string; plantId: string },
): Promise<PackageBuild> {
  const cursor = await snapshotCursor(db);
  const revision = await layoutRevision(db, mission.plantId);
  const plans = await plansOf(db, mission.plantId);
  const id = randomUUID();
  const dir = dirOf(config.filesDir);
  await mkdir(dir, { recursive: true });
  await removeExpired(dir);
  const path = packagePath(config.filesDir, mission.id, id);
  const partial = `${path}.partial`;
  try {
    const written = await writeFieldPackage(
      { databaseUrl: config.databaseUrl, filesDir: config.filesDir, packageId: id, missionId: mission.id, plantId: mission.plantId,
        cursor, layoutRevision: revision, plans },
      partial,
    );
    await rename(partial, path);
    const info = await stat(path);
    return { id, missionId: mission.id, size: info.size, createdAt: info.mtime.toISOString(), layoutRevision: revision, plans: written.plans.length };
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

async function removeExpired(dir: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const file = join(dir, name);
    const info = await stat(file).catch(() => null);
    // A .partial older than the TTL is a build that died with its server.
    if (info && now - info.mtimeMs > PACKAGE_TTL_MS) await rm(file, { force: true });
  }
}
