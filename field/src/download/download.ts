// Downloading a mission package (docs/field.md): the server builds it once and keeps it a day
// under an id; the device fetches it in 4 MiB byte ranges written straight into OPFS, so a cut
// network, a reload or a killed tab resume from the last piece written. Then the store takes
// the file in (checked: a GeoPackage, a mission package of this version, this mission's).
import type { FieldMission, MissionPackage } from '@calepin/core';
import { LABEL_GLYPH_PATHS } from '@calepin/map-kit';
import { downloads } from '../device';
import { api, authorizedFetch } from '../app/session';
import type { DeviceStore } from '../store/client';
import { remember } from './registry';

const CHUNK = 4 * 1024 * 1024;
const metaKey = (missionId: string) => `calepin.field.download.${missionId}`;

export interface DownloadProgress {
  phase: 'building' | 'downloading' | 'importing' | 'done';
  received: number;
  total: number;
}

export class DownloadError extends Error {
  constructor(readonly code: 'network' | 'server' | 'gone', message: string, readonly status = 0) {
    super(message);
  }
}

type Meta = Pick<MissionPackage, 'id' | 'url' | 'size'>;
const readMeta = (missionId: string): Meta | null => JSON.parse(localStorage.getItem(metaKey(missionId)) ?? 'null') as Meta | null;

/** A download left half-way (by a cut or a reload): how far it got. */
export async function pendingDownload(missionId: string): Promise<{ received: number; total: number } | null> {
  const meta = readMeta(missionId);
  return meta ? { received: await downloads.size(`${missionId}.gpkg`), total: meta.size } : null;
}

export async function downloadMission(store: DeviceStore, mission: FieldMission, onProgress: (p: DownloadProgress) => void): Promise<{ ms: number }> {
  const name = `${mission.id}.gpkg`;
  for (let attempt = 0; attempt < 2; attempt++) {
    let meta = readMeta(mission.id);
    if (!meta) {
      onProgress({ phase: 'building', received: 0, total: 0 });
      await downloads.remove(name);
      const built = await api.post('/missions/{missionId}/packages', { path: { missionId: mission.id } });
      meta = { id: built.id, url: built.url, size: built.size };
      localStorage.setItem(metaKey(mission.id), JSON.stringify(meta));
    }
    let received = await downloads.size(name);
    if (received > meta.size) {
      await downloads.remove(name);
      received = 0;
    }
    let gone = false;
    while (received < meta.size) {
      onProgress({ phase: 'downloading', received, total: meta.size });
      const end = Math.min(received + CHUNK, meta.size) - 1;
      let response: Response;
      try {
        response = await authorizedFetch(meta.url, { headers: { range: `bytes=${received}-${end}`, 'if-range': `"${meta.id}"` } });
      } catch (error) {
        throw new DownloadError('network', (error as Error).message);
      }
      if (response.status === 410 || response.status === 404) {
        gone = true;
        break;
      }
      if (response.status !== 206 && response.status !== 200) throw new DownloadError('server', `HTTP ${response.status}`, response.status);
      const bytes = new Uint8Array(await response.arrayBuffer().catch((error: Error) => {
        throw new DownloadError('network', error.message);
      }));
      // A 200 is the whole file (the server could not serve the range): start over with it.
      const offset = response.status === 200 ? 0 : received;
      await downloads.append(name, offset, bytes);
      received = offset + bytes.length;
    }
    if (gone) {
      // The server no longer keeps that build: a new one, from the start.
      localStorage.removeItem(metaKey(mission.id));
      continue;
    }
    onProgress({ phase: 'importing', received, total: meta.size });
    // While online: the labels' glyphs, which the service worker keeps for the offline map.
    for (const path of LABEL_GLYPH_PATHS) void fetch(path).catch(() => undefined);
    const imported = await store.importPackage(mission.id, downloads.path(name));
    await downloads.remove(name);
    localStorage.removeItem(metaKey(mission.id));
    remember(mission, meta.size);
    onProgress({ phase: 'done', received, total: meta.size });
    return { ms: imported.ms };
  }
  throw new DownloadError('gone', 'the package was removed from the server twice in a row');
}
