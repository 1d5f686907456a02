import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** The folder of a plan's derived files (page images, warped COG): <files>/plans/<id>/. */
export function planDir(filesDir: string, planId: string): string {
  if (!/^[0-9a-f-]{36}$/.test(planId)) throw new Error(`not a plan id: ${planId}`);
  return join(resolve(filesDir), 'plans', planId);
}

export async function ensurePlanDir(filesDir: string, planId: string): Promise<string> {
  const dir = planDir(filesDir, planId);
  await mkdir(dir, { recursive: true });
  return dir;
}

export const removePlanDir = (filesDir: string, planId: string) => rm(planDir(filesDir, planId), { recursive: true, force: true });

/** Path of an upload in the content-addressed store. */
export const storedPath = (filesDir: string, key: string) => join(resolve(filesDir), key);
